"""cnnlab: helpers for the convolutional-network notebooks (checks, gradients, data, grading)."""

__version__ = "0.1.0"
