"""cnnlab: helpers for the convolutional-network notebooks.

checks (visible checks), gradcheck, data (CIFAR-10, the sample photograph), grading (the smoke
switch), layers (fast NumPy layers), optim and solver (training), viz (figures), timing.
"""

__version__ = "0.1.0"
