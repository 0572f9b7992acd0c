"""The architectures notebook's mutants: mistakes students really make, as patches of its solution.

Each patches an answer cell of ``solutions/pytorch_cnn/architectures.ipynb``;
:mod:`autograder.mutants` merges them (``notebook`` filled in). The hidden tests never import
this module: the ``old`` texts are fragments of the solution.
"""

from __future__ import annotations

from autograder.mutants import Mutant
from cnnlab.checks import architectures as visible

_COUNT = "sum(p.numel() for p in model.parameters() if p.requires_grad)"
_TABLE_LOOP = """            with FlopCounterMode(display=False) as counter:
                x = layer(x)
            rows.append(
                {
                    "name": name,
                    "output_shape": tuple(x.shape[1:]),
                    "params": count_params(layer),
                    "memory": x.numel() * x.element_size(),
                    "flops": counter.get_total_flops(),
                }
            )"""

MUTANTS: list[Mutant] = [
    # count_params
    Mutant(
        "count_frozen",
        "count_params",
        "counts every parameter, the frozen ones too",
        _COUNT,
        "sum(p.numel() for p in model.parameters())",
        visible.COUNT_FROZEN,
    ),
    Mutant(
        "count_state_dict",
        "count_params",
        "counts the values of the state dict (buffers, frozen and shared parameters included)",
        _COUNT,
        "sum(t.numel() for t in model.state_dict().values())",
        visible.COUNT_STATE_DICT,
    ),
    Mutant(
        "count_tensors",
        "count_params",
        "counts the parameter tensors instead of their entries",
        _COUNT,
        "len([p for p in model.parameters() if p.requires_grad])",
        visible.COUNT_TENSORS,
    ),
    Mutant(
        "count_shared_twice",
        "count_params",
        "loops over the layers of the Sequential, so a layer used twice is counted twice",
        _COUNT,
        "sum(p.numel() for layer in model for p in layer.parameters() if p.requires_grad)",
        visible.COUNT_SHARED_TWICE,
    ),
    Mutant(
        "count_weights_only",
        "count_params",
        "counts the weights and forgets the biases",
        _COUNT,
        "sum(p.numel() for n, p in model.named_parameters() if p.requires_grad and"
        ' n.endswith("weight"))',
        visible.COUNT_WEIGHTS_ONLY,
    ),
    Mutant(
        "count_top_level",
        "count_params",
        "counts only the parameters held directly by the top-level layers",
        _COUNT,
        "sum(p.numel() for layer in model.children() for p in layer.parameters(recurse=False)"
        " if p.requires_grad)",
        visible.COUNT_TOP_LEVEL,
    ),
    # layer_table
    Mutant(
        "table_memory_elements",
        "layer_table",
        "reports the number of output values as the memory, not bytes",
        '"memory": x.numel() * x.element_size(),',
        '"memory": x.numel(),',
        visible.LT_ELEMENTS,
    ),
    Mutant(
        "table_flops_halved",
        "layer_table",
        "reports multiply-adds (half of FlopCounterMode's count) as FLOPs",
        '"flops": counter.get_total_flops(),',
        '"flops": counter.get_total_flops() // 2,',
        visible.LT_MACS,
    ),
    Mutant(
        "table_flops_cumulative",
        "layer_table",
        "counts with one FlopCounterMode around the whole loop, so the FLOPs add up",
        "    with torch.no_grad():\n        for name, layer in model.named_children():\n"
        "            with FlopCounterMode(display=False) as counter:\n"
        "                x = layer(x)\n",
        "    with torch.no_grad(), FlopCounterMode(display=False) as counter:\n"
        "        for name, layer in model.named_children():\n"
        "            x = layer(x)\n",
        visible.LT_CUMULATIVE,
    ),
    Mutant(
        "table_model_params",
        "layer_table",
        "counts the parameters of the whole model in every row",
        '"params": count_params(layer),',
        '"params": count_params(model),',
        visible.LT_MODEL_PARAMS,
    ),
    Mutant(
        "table_input_rows",
        "layer_table",
        "records each row before running the layer: the input's shape and memory",
        _TABLE_LOOP,
        _TABLE_LOOP.replace("                x = layer(x)\n", "                out = layer(x)\n")
        + "\n            x = out",
        visible.LT_INPUT,
    ),
    Mutant(
        "table_batch_dimension",
        "layer_table",
        "gives the output shape with the batch dimension",
        '"output_shape": tuple(x.shape[1:]),',
        '"output_shape": tuple(x.shape),',
        visible.LT_BATCH,
    ),
    # InceptionModule
    Mutant(
        "inception_order",
        "InceptionModule",
        "concatenates the branches in the order 1x1, 5x5, 3x3, pool",
        "[self.branch1(x), self.branch3(x), self.branch5(x), self.branch_pool(x)]",
        "[self.branch1(x), self.branch5(x), self.branch3(x), self.branch_pool(x)]",
        visible.INC_ORDER,
    ),
    Mutant(
        "inception_no_bottleneck",
        "InceptionModule",
        "applies the 3x3 convolution to the input directly, without the 1x1 bottleneck",
        "            nn.Conv2d(in_channels, c3_reduce, 1),\n            nn.ReLU(),\n"
        "            nn.Conv2d(c3_reduce, c3, 3, padding=1),\n",
        "            nn.Conv2d(in_channels, c3, 3, padding=1),\n",
        visible.INC_NO_BOTTLENECK,
    ),
    Mutant(
        "inception_reduce_no_relu",
        "InceptionModule",
        "forgets the ReLU after the 5x5 branch's bottleneck",
        "            nn.Conv2d(in_channels, c5_reduce, 1),\n            nn.ReLU(),\n",
        "            nn.Conv2d(in_channels, c5_reduce, 1),\n",
        visible.INC_REDUCE_RELU,
    ),
    Mutant(
        "inception_avg_pool",
        "InceptionModule",
        "pools by averaging instead of the maximum",
        "nn.MaxPool2d(3, stride=1, padding=1)",
        "nn.AvgPool2d(3, stride=1, padding=1)",
        visible.INC_AVG_POOL,
    ),
    Mutant(
        "inception_no_pool_projection",
        "InceptionModule",
        "passes the pooled input on without the 1x1 projection",
        "            nn.Conv2d(in_channels, pool_proj, 1),\n            nn.ReLU(),\n        )",
        "        )",
        visible.INC_NO_POOL_PROJ,
    ),
    Mutant(
        "inception_5x5_padding",
        "InceptionModule",
        "pads the 5x5 convolution by 1, like the 3x3",
        "nn.Conv2d(c5_reduce, c5, 5, padding=2)",
        "nn.Conv2d(c5_reduce, c5, 5, padding=1)",
        visible.INC_PADDING,
    ),
    Mutant(
        "inception_no_output_relu",
        "InceptionModule",
        "leaves out the ReLU after the 3x3 convolution",
        "            nn.Conv2d(c3_reduce, c3, 3, padding=1),\n            nn.ReLU(),\n",
        "            nn.Conv2d(c3_reduce, c3, 3, padding=1),\n",
        visible.INC_OUT_RELU,
    ),
    # BasicBlock
    Mutant(
        "block_no_shortcut",
        "BasicBlock",
        "forgets to add the shortcut",
        "return F.relu(out + self.shortcut(x))",
        "return F.relu(out)",
        visible.BLOCK_NO_SHORTCUT,
    ),
    Mutant(
        "block_shortcut_no_stride",
        "BasicBlock",
        "gives the projection's 1x1 convolution no stride",
        "nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)",
        "nn.Conv2d(in_channels, out_channels, 1, bias=False)",
        visible.BLOCK_SHORTCUT_STRIDE,
    ),
    Mutant(
        "block_relu_before_add",
        "BasicBlock",
        "applies the ReLU before adding the shortcut",
        "out = self.bn2(self.conv2(out))\n        return F.relu(out + self.shortcut(x))",
        "out = F.relu(self.bn2(self.conv2(out)))\n        return out + self.shortcut(x)",
        visible.BLOCK_RELU_BEFORE_ADD,
    ),
    Mutant(
        "block_projection_no_bn",
        "BasicBlock",
        "projects the shortcut with a 1x1 convolution but no batch norm",
        "                nn.BatchNorm2d(out_channels),\n            )",
        "            )",
        visible.BLOCK_SHORTCUT_BN,
    ),
    Mutant(
        "block_projection_channels_only",
        "BasicBlock",
        "projects only when the channels change, not when the stride does",
        "if stride != 1 or in_channels != out_channels:",
        "if in_channels != out_channels:",
        visible.BLOCK_PROJECTION,
    ),
    Mutant(
        "block_stride_second_conv",
        "BasicBlock",
        "puts the stride on the second 3x3 convolution",
        "self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)"
        "\n        self.bn1 = nn.BatchNorm2d(out_channels)\n"
        "        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)",
        "self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False)"
        "\n        self.bn1 = nn.BatchNorm2d(out_channels)\n"
        "        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, stride=stride, padding=1,"
        " bias=False)",
        visible.BLOCK_STRIDE_FIRST,
    ),
    Mutant(
        "block_no_final_relu",
        "BasicBlock",
        "returns the sum without the final ReLU",
        "return F.relu(out + self.shortcut(x))",
        "return out + self.shortcut(x)",
        visible.BLOCK_FINAL_RELU,
    ),
    Mutant(
        "block_conv_bias",
        "BasicBlock",
        "keeps the default bias in the convolutions before batch norm",
        "self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)\n"
        "        self.bn2 = nn.BatchNorm2d(out_channels)\n        self.shortcut",
        "self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1)\n"
        "        self.bn2 = nn.BatchNorm2d(out_channels)\n        self.shortcut",
        visible.BLOCK_BIAS,
    ),
    # resnet20 and plain20
    Mutant(
        "plain_with_shortcuts",
        "resnet20",
        "builds plain20 from BasicBlock, so it has shortcuts",
        "return cifar_net(PlainBlock, num_classes, blocks_per_stage)",
        "return cifar_net(BasicBlock, num_classes, blocks_per_stage)",
        visible.NET_PLAIN_SHORTCUTS,
    ),
    Mutant(
        "resnet_without_shortcuts",
        "resnet20",
        "builds resnet20 from PlainBlock",
        "return cifar_net(BasicBlock, num_classes, blocks_per_stage)",
        "return cifar_net(PlainBlock, num_classes, blocks_per_stage)",
        visible.NET_NO_SHORTCUTS,
    ),
    Mutant(
        "net_downsample_last_block",
        "resnet20",
        "gives the stride 2 to the last block of a stage instead of the first",
        "stride = 2 if stage > 0 and b == 0 else 1",
        "stride = 2 if stage > 0 and b == blocks_per_stage - 1 else 1",
        visible.NET_DOWNSAMPLE,
    ),
    Mutant(
        "net_stem_conv_only",
        "resnet20",
        "has no batch norm and ReLU after the stem convolution",
        "layers = [nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]",
        "layers = [nn.Conv2d(3, 16, 3, padding=1, bias=False)]",
        visible.NET_STEM,
    ),
    Mutant(
        "net_max_pool_head",
        "resnet20",
        "pools the last feature maps by their maximum",
        "nn.AdaptiveAvgPool2d(1)",
        "nn.AdaptiveMaxPool2d(1)",
        visible.NET_POOL,
    ),
    Mutant(
        "net_three_blocks_always",
        "resnet20",
        "always builds three blocks per stage, whatever blocks_per_stage says",
        "for b in range(blocks_per_stage):",
        "for b in range(3):",
        visible.NET_BLOCKS,
    ),
    Mutant(
        "plain_block_no_final_relu",
        "resnet20",
        "ends the plain block with its second batch norm, without the ReLU",
        "return F.relu(self.bn2(self.conv2(out)))",
        "return self.bn2(self.conv2(out))",
        visible.PLAIN_FINAL_RELU,
    ),
]
