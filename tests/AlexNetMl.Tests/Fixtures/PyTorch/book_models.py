"""The book's networks as Dive into Deep Learning writes them (PyTorch edition), without the d2l package.

Each keeps its layers in ``self.net = nn.Sequential(...)``, so its state_dict keys are ``net.<position>.weight`` and
``net.<position>.bias``: the layout AlexNetMl's ``import`` reads and ``export --pytorch`` writes.
"""
import gzip
import struct

import numpy as np
import torch
from torch import nn


def init_cnn(module):
    """The book's init_cnn: Xavier-uniform weights for Linear and Conv2d."""
    if type(module) in (nn.Linear, nn.Conv2d):
        nn.init.xavier_uniform_(module.weight)


class LeNet(nn.Module):
    """The book's LeNet-5: sigmoid activations and average pooling, on 28x28 inputs."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.net = nn.Sequential(
            nn.LazyConv2d(6, kernel_size=5, padding=2), nn.Sigmoid(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.LazyConv2d(16, kernel_size=5), nn.Sigmoid(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.Flatten(),
            nn.LazyLinear(120), nn.Sigmoid(),
            nn.LazyLinear(84), nn.Sigmoid(),
            nn.LazyLinear(num_classes))
        self.net(torch.zeros(1, 1, 28, 28))  # materialise the lazy layers, as the book's apply_init does
        self.net.apply(init_cnn)

    def forward(self, x):
        return self.net(x)


class AlexNet(nn.Module):
    """The book's AlexNet, on 224x224 inputs."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.net = nn.Sequential(
            nn.LazyConv2d(96, kernel_size=11, stride=4, padding=1), nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.LazyConv2d(256, kernel_size=5, padding=2), nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.LazyConv2d(384, kernel_size=3, padding=1), nn.ReLU(),
            nn.LazyConv2d(384, kernel_size=3, padding=1), nn.ReLU(),
            nn.LazyConv2d(256, kernel_size=3, padding=1), nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2), nn.Flatten(),
            nn.LazyLinear(4096), nn.ReLU(), nn.Dropout(p=0.5),
            nn.LazyLinear(4096), nn.ReLU(), nn.Dropout(p=0.5),
            nn.LazyLinear(num_classes))
        self.net(torch.zeros(1, 1, 224, 224))
        self.net.apply(init_cnn)

    def forward(self, x):
        return self.net(x)


MODELS = {"lenet": LeNet, "alexnet": AlexNet}


def read_idx(path):
    """An IDX file (gzip or not) as a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def test_images(data_dir, count):
    """The first ``count`` test images as [N,1,28,28] floats in [0,1] (pixel/255, the models' contract), and labels."""
    images = read_idx(f"{data_dir}/t10k-images-idx3-ubyte.gz")[:count]
    labels = read_idx(f"{data_dir}/t10k-labels-idx1-ubyte.gz")[:count]
    return torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1), labels
