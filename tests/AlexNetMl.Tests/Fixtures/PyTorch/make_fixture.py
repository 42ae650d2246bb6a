"""Writes the PyTorch fixture of AlexNetMl's import tests, with real PyTorch (Debian's python3-torch).

    /usr/bin/python3 tests/AlexNetMl.Tests/Fixtures/PyTorch/make_fixture.py data/fashion-mnist

It trains the book's LeNet for five epochs on Fashion-MNIST (seeded), then writes, next to this script:
  lenet.pt           torch.save(model.state_dict(), ...)
  lenet.safetensors  the same tensors in the safetensors layout (8-byte header length, JSON index, raw bytes),
                     written by hand here because Debian has no safetensors package
  lenet.json         PyTorch's logits for the first test images, their labels, and PyTorch's accuracy on the first
                     1,000 test images, for the C# tests to compare with
"""
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

from book_models import LeNet, read_idx, test_images

HERE = os.path.dirname(os.path.abspath(__file__))
LOGIT_IMAGES = 16
ACCURACY_IMAGES = 1000
EPOCHS = 5


def train(model, data_dir):
    images = torch.from_numpy(read_idx(f"{data_dir}/train-images-idx3-ubyte.gz").astype(np.float32) / 255.0).unsqueeze(1)
    labels = torch.from_numpy(read_idx(f"{data_dir}/train-labels-idx1-ubyte.gz").astype(np.int64))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.9)  # the book's LeNet learning rate (first edition)
    loss = nn.CrossEntropyLoss()
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(len(images))
        for start in range(0, len(images), 256):
            batch = order[start:start + 256]
            optimizer.zero_grad()
            loss(model(images[batch]), labels[batch]).backward()
            optimizer.step()
    model.eval()


def write_safetensors(path, state):
    index, blobs, offset = {}, [], 0
    for key, tensor in state.items():
        data = tensor.detach().contiguous().numpy().astype("<f4").tobytes()
        index[key] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header = json.dumps(index, separators=(",", ":")).encode("utf-8")
    header += b" " * (-len(header) % 8)  # the format pads the header to 8 bytes with spaces
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)))
        f.write(header)
        for blob in blobs:
            f.write(blob)


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else "data/fashion-mnist"
    torch.manual_seed(20261129)
    model = LeNet()
    train(model, data_dir)
    state = model.state_dict()
    torch.save(state, os.path.join(HERE, "lenet.pt"))
    write_safetensors(os.path.join(HERE, "lenet.safetensors"), state)

    with torch.no_grad():
        x, labels = test_images(data_dir, ACCURACY_IMAGES)
        logits = model(x)
    accuracy = float((logits.argmax(1).numpy() == labels).mean())
    with open(os.path.join(HERE, "lenet.json"), "w") as f:
        json.dump({
            "torch": torch.__version__,
            "keys": list(state.keys()),
            "labels": labels[:LOGIT_IMAGES].tolist(),
            "logits": logits[:LOGIT_IMAGES].tolist(),
            "accuracy_images": ACCURACY_IMAGES,
            "accuracy": accuracy,
        }, f, indent=1)
    print(f"LeNet: accuracy {accuracy:.4f} on the first {ACCURACY_IMAGES} test images; wrote lenet.pt, lenet.safetensors, lenet.json")


if __name__ == "__main__":
    main()
