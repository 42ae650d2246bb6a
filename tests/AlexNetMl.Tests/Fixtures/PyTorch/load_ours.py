"""Loads a state_dict written by AlexNetMl's ``export --pytorch`` into the book's own class, strictly, and prints
the logits of the first test images as JSON: the check that our weights run in the book's code.

    /usr/bin/python3 load_ours.py MODEL FILE DATA_DIR COUNT     (MODEL: lenet or alexnet; FILE: .pt or .safetensors)
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

from book_models import MODELS, test_images


def read_safetensors(path):
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        index = json.loads(f.read(length))
        data = f.read()
    state = {}
    for key, entry in index.items():
        if key == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        state[key] = torch.from_numpy(np.frombuffer(data[start:end], dtype="<f4").reshape(entry["shape"]).copy())
    return state


def main():
    name, path, data_dir, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    model = MODELS[name]()
    state = read_safetensors(path) if path.endswith(".safetensors") else torch.load(path)
    model.load_state_dict(state, strict=True)
    model.eval()
    x, _ = test_images(data_dir, count)
    if name == "alexnet":
        x = F.interpolate(x, size=(224, 224), mode="bilinear", align_corners=False)
    with torch.no_grad():
        print(json.dumps(model(x).tolist()))


if __name__ == "__main__":
    main()
