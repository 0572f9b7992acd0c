"""The fast_conv notebook's mutants: mistakes students really make, as patches of its solution.

Each patches an answer cell of ``solutions/numpy_cnn/fast_conv.ipynb``;
:mod:`autograder.mutants` merges them (``notebook`` filled in). The hidden tests never
import this module: the ``old`` texts are fragments of the solution.
"""

from __future__ import annotations

from autograder.mutants import Mutant
from cnnlab.checks import fast_conv as visible

_IM2COL_LAYOUT = """\
    cols = windows.transpose(0, 1, 4, 5, 2, 3)  # (N, C, HH, WW, H_out, W_out), still a view
    cols = cols.reshape(N, C * HH * WW, H_out * W_out)  # (N, C*HH*WW, H_out*W_out), a copy"""

_COL2IM_SLICES = """\
            rows = slice(di, di + stride * H_out, stride)
            columns = slice(dj, dj + stride * W_out, stride)"""

_FORWARD_GEOMETRY = """\
    H_out = (H + 2 * padding - HH) // stride + 1
    W_out = (W + 2 * padding - WW) // stride + 1
    cols = im2col(x, (HH, WW), stride=stride, padding=padding)"""

MUTANTS: list[Mutant] = [
    # toeplitz_1d
    Mutant(
        "toeplitz_flipped",
        "toeplitz_1d",
        "puts the kernel in each row backwards (a convolution)",
        "T[i, i : i + k] = w",
        "T[i, i : i + k] = w[::-1]",
        visible.KERNEL_FLIPPED,
    ),
    Mutant(
        "toeplitz_last_row_zero",
        "toeplitz_1d",
        "fills only n - k rows of the n - k + 1",
        "for i in range(n - k + 1):",
        "for i in range(n - k):",
        visible.LAST_ROW_ZERO,
    ),
    Mutant(
        "toeplitz_missing_plus_one",
        "toeplitz_1d",
        "makes T with n - k rows",
        "T = np.zeros((n - k + 1, n), dtype=w.dtype)\n    for i in range(n - k + 1):",
        "T = np.zeros((n - k, n), dtype=w.dtype)\n    for i in range(n - k):",
        visible.MISSING_PLUS_ONE,
    ),
    Mutant(
        "toeplitz_transposed",
        "toeplitz_1d",
        "returns the transpose (inputs x outputs)",
        "    return T",
        "    return T.T",
        visible.TRANSPOSED,
    ),
    Mutant(
        "toeplitz_rows_not_shifted",
        "toeplitz_1d",
        "writes w into the first k columns of every row",
        "T[i, i : i + k] = w",
        "T[i, 0:k] = w",
        visible.ROWS_NOT_SHIFTED,
    ),
    # conv_matrix
    Mutant(
        "conv_matrix_flipped",
        "conv_matrix",
        "rotates the kernel by 180 degrees (a convolution)",
        "toeplitz_1d(kernel[u], W)",
        "toeplitz_1d(kernel[HH - 1 - u, ::-1], W)",
        visible.KERNEL_FLIPPED,
    ),
    Mutant(
        "conv_matrix_rows_reversed",
        "conv_matrix",
        "takes the kernel rows from the bottom up",
        "toeplitz_1d(kernel[u], W)",
        "toeplitz_1d(kernel[HH - 1 - u], W)",
        visible.KERNEL_ROWS_REVERSED,
    ),
    Mutant(
        "conv_matrix_blocks_not_shifted",
        "conv_matrix",
        "puts the blocks of every block row in the first HH block columns",
        "cols = slice((i + u) * W, (i + u + 1) * W)",
        "cols = slice(u * W, (u + 1) * W)",
        visible.BLOCKS_NOT_SHIFTED,
    ),
    Mutant(
        "conv_matrix_transposed",
        "conv_matrix",
        "returns the transpose (inputs x outputs)",
        "    return M",
        "    return M.T",
        visible.TRANSPOSED,
    ),
    Mutant(
        "conv_matrix_last_block_row_zero",
        "conv_matrix",
        "fills H_out - 1 block rows",
        "for i in range(H_out):",
        "for i in range(H_out - 1):",
        visible.LAST_BLOCK_ROW_ZERO,
    ),
    # im2col
    Mutant(
        "im2col_rows_ijc",
        "im2col",
        "orders the rows (di, dj, c), channel last",
        "windows.transpose(0, 1, 4, 5, 2, 3)",
        "windows.transpose(0, 4, 5, 1, 2, 3)",
        visible.ROWS_IJC,
    ),
    Mutant(
        "im2col_columns_transposed",
        "im2col",
        "builds the (N, H_out*W_out, C*HH*WW) layout",
        _IM2COL_LAYOUT,
        "    cols = windows.transpose(0, 2, 3, 1, 4, 5)  # (N, H_out, W_out, C, HH, WW)\n"
        "    cols = cols.reshape(N, H_out * W_out, C * HH * WW)",
        visible.COLUMNS_TRANSPOSED,
    ),
    Mutant(
        "im2col_stride_ignored",
        "im2col",
        "keeps every window instead of every stride-th",
        "    windows = windows[:, :, ::stride, ::stride]",
        "    windows = windows[:, :, :, :]",
        visible.STRIDE_IGNORED,
    ),
    Mutant(
        "im2col_padding_ignored",
        "im2col",
        "does not pad x",
        "x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))",
        "x_pad = x",
        visible.PADDING_IGNORED,
    ),
    Mutant(
        "im2col_one_sided_padding",
        "im2col",
        "pads at the bottom and the right only",
        "(padding, padding), (padding, padding)",
        "(0, 2 * padding), (0, 2 * padding)",
        visible.ONE_SIDED_PADDING,
    ),
    Mutant(
        "im2col_reshape_without_transpose",
        "im2col",
        "reshapes the window view as it is",
        "cols = windows.transpose(0, 1, 4, 5, 2, 3)",
        "cols = windows",
        visible.RESHAPE_WITHOUT_TRANSPOSE,
    ),
    # col2im
    Mutant(
        "col2im_overwritten",
        "col2im",
        "assigns with = instead of adding",
        "x_pad[:, :, rows, columns] += cols[:, :, di, dj]",
        "x_pad[:, :, rows, columns] = cols[:, :, di, dj]",
        visible.OVERWRITTEN,
    ),
    Mutant(
        "col2im_padding_not_cropped",
        "col2im",
        "returns the padded array",
        "return x_pad[:, :, padding : padding + H, padding : padding + W]",
        "return x_pad",
        visible.PADDING_NOT_CROPPED,
    ),
    Mutant(
        "col2im_crop_empty",
        "col2im",
        "crops with p:-p, empty for p = 0",
        "return x_pad[:, :, padding : padding + H, padding : padding + W]",
        "return x_pad[:, :, padding:-padding, padding:-padding]",
        visible.CROP_EMPTY,
    ),
    Mutant(
        "col2im_cropped_one_side",
        "col2im",
        "keeps the first H rows and W columns",
        "return x_pad[:, :, padding : padding + H, padding : padding + W]",
        "return x_pad[:, :, :H, :W]",
        visible.CROPPED_ONE_SIDE,
    ),
    Mutant(
        "col2im_stride_ignored",
        "col2im",
        "sends window (i, j) back to (i, j) instead of (i*stride, j*stride)",
        _COL2IM_SLICES,
        "            rows = slice(di, di + H_out)\n            columns = slice(dj, dj + W_out)",
        visible.STRIDE_IGNORED,
    ),
    Mutant(
        "col2im_rows_ijc",
        "col2im",
        "reads the rows as (di, dj, c)",
        "cols = cols.reshape(N, C, HH, WW, H_out, W_out)",
        "cols = cols.reshape(N, HH, WW, C, H_out, W_out).transpose(0, 3, 1, 2, 4, 5)",
        visible.ROWS_IJC,
    ),
    # conv_forward_im2col
    Mutant(
        "forward_bias_forgotten",
        "conv_forward_im2col",
        "forgets the bias",
        "    out += b.reshape(1, F, 1, 1)",
        "    pass",
        visible.BIAS_FORGOTTEN,
    ),
    Mutant(
        "forward_weights_order",
        "conv_forward_im2col",
        "flattens the weights channel last",
        "out = w.reshape(F, C * HH * WW) @ cols",
        "out = w.transpose(0, 2, 3, 1).reshape(F, C * HH * WW) @ cols",
        visible.WEIGHTS_ORDER,
    ),
    Mutant(
        "forward_out_layout",
        "conv_forward_im2col",
        "reads the product as (N, H_out, W_out, F)",
        "out = out.reshape(N, F, H_out, W_out)",
        "out = out.reshape(N, H_out, W_out, F).transpose(0, 3, 1, 2)",
        visible.OUT_LAYOUT,
    ),
    Mutant(
        "forward_stride_ignored",
        "conv_forward_im2col",
        "forgets the stride",
        _FORWARD_GEOMETRY,
        "    H_out = H + 2 * padding - HH + 1\n    W_out = W + 2 * padding - WW + 1\n"
        "    cols = im2col(x, (HH, WW), padding=padding)",
        visible.STRIDE_IGNORED,
    ),
    Mutant(
        "forward_padding_ignored",
        "conv_forward_im2col",
        "forgets the padding",
        _FORWARD_GEOMETRY,
        "    H_out = (H - HH) // stride + 1\n    W_out = (W - WW) // stride + 1\n"
        "    cols = im2col(x, (HH, WW), stride=stride)",
        visible.PADDING_IGNORED,
    ),
    # conv_backward_im2col
    Mutant(
        "backward_dw_one_image",
        "conv_backward_im2col",
        "takes dw of the first image only",
        "dw = dw.sum(axis=0)",
        "dw = dw[0]",
        visible.DW_BATCH_NOT_SUMMED,
    ),
    Mutant(
        "backward_dw_mean",
        "conv_backward_im2col",
        "averages dw over the batch",
        "dw = dw.sum(axis=0)",
        "dw = dw.mean(axis=0)",
        visible.DW_BATCH_NOT_SUMMED,
    ),
    Mutant(
        "backward_db_axes",
        "conv_backward_im2col",
        "sums db over the spatial axes only",
        "db = dout.sum(axis=(0, 2, 3))",
        "db = dout.sum(axis=(2, 3))",
        visible.DB_WRONG_AXES,
    ),
    Mutant(
        "backward_w_reshaped",
        "conv_backward_im2col",
        "reshapes w to (C*HH*WW, F) instead of transposing",
        "w.reshape(F, C * HH * WW).T @ dout_flat",
        "w.reshape(C * HH * WW, F) @ dout_flat",
        visible.W_RESHAPED_NOT_TRANSPOSED,
    ),
    Mutant(
        "backward_dw_transposed",
        "conv_backward_im2col",
        "computes cols @ dout^T and reshapes it to (F, C, HH, WW)",
        "dw = dout_flat @ cols.transpose(0, 2, 1)",
        "dw = cols @ dout_flat.transpose(0, 2, 1)",
        visible.DW_NOT_TRANSPOSED,
    ),
    Mutant(
        "backward_weights_order",
        "conv_backward_im2col",
        "flattens the weights channel last",
        "w.reshape(F, C * HH * WW).T @ dout_flat",
        "w.transpose(0, 2, 3, 1).reshape(F, C * HH * WW).T @ dout_flat",
        visible.WEIGHTS_ORDER,
    ),
]
"""Five or six mistakes per graded function, each losing the points of its own cell only."""
