"""Exports the fixture LeNet (trained by the book's code) with PyTorch's own torch.onnx.export: an ONNX classifier
made elsewhere, with none of AlexNetMl's metadata, as a user of the book would make one.

    /usr/bin/python3 export_onnx.py OUT.onnx [softmax]     (softmax: the graph ends in a softmax; else logits)
"""
import sys

import torch
from torch import nn

from book_models import LeNet


def main():
    out = sys.argv[1]
    softmax = len(sys.argv) > 2 and sys.argv[2] == "softmax"
    model = LeNet()
    model.load_state_dict(torch.load("lenet.pt"), strict=True)
    model.eval()
    network = nn.Sequential(model, nn.Softmax(dim=1)) if softmax else model
    torch.onnx.export(network, torch.zeros(1, 1, 28, 28), out, input_names=["x"], output_names=["scores"],
                      dynamic_axes={"x": {0: "batch"}, "scores": {0: "batch"}}, opset_version=13)


if __name__ == "__main__":
    main()
