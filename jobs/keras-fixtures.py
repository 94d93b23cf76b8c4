#!/usr/bin/python3
"""Writes the Keras-2 HDF5 fixtures prunesweep's Keras import is tested and demonstrated with.

Keras and TensorFlow are not installable here, so the files are written with h5py and NumPy alone, in the
layout Keras 2 (tf.keras 2.x, ``model.save("m.h5")``) writes:

  /                   attrs keras_version, backend, model_config (JSON), training_config (JSON, optional)
  /model_weights      attrs layer_names (every layer, in order), keras_version, backend
  /model_weights/L    attrs weight_names ("L/kernel:0", ...); the datasets at model_weights/L/L/kernel:0, ...

String attributes are written as Keras writes them: JSON and versions as variable-length str, name lists as
arrays of fixed-length bytes. Weight layouts are Keras's: Dense kernel [in, out], Conv2D kernel
[kh, kw, in, out], BatchNormalization gamma, beta, moving_mean, moving_variance; images channels_last.

Each model also gets an independent NumPy forward pass (written beside it as <name>.forward.json: inputs,
their shape, outputs), which KerasImportTest compares with DL4J's outputs of the imported network.

Files (seeded, without HDF5 timestamps: a rerun with the same NumPy and h5py writes the same bytes):
  conf/keras/fashion-mlp.h5          Sequential MLP 784-64-10 (Dense relu, Dense softmax), trained here by
                                     NumPy SGD on Fashion-MNIST so a sweep starts from a useful base model
  src/test/resources/keras/fashion-mlp.forward.json
  src/test/resources/keras/residual-cnn.h5 (+ .forward.json)
                                     functional CNN: Conv2D, BatchNormalization, ReLU, Conv2D, BN, residual Add,
                                     ReLU, MaxPooling2D, Flatten, Dense softmax (random weights and BN statistics)
  src/test/resources/keras/no-model-config.h5     HDF5 with model_weights but no model_config attribute
  src/test/resources/keras/unsupported-layer.h5   Sequential with a Keras layer DL4J does not import

Usage: /usr/bin/python3 jobs/keras-fixtures.py [--data /usr/share/datasets/fashion-mnist]
Needs Debian's python3-numpy and python3-h5py (jobs/install-deps.sh installs them).
"""
import argparse
import gzip
import json
import os
import struct

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERAS_VERSION = "2.4.0"
BACKEND = "tensorflow"


# ---------------------------------------------------------------- data

def read_idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def fashion(data_dir):
    """Train and test images as float32 in [0, 1] (prunesweep's IDX reader divides by 255 too), labels."""
    xtr = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32) / 255
    ytr = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    xte = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32) / 255
    return xtr, ytr, xte


# ---------------------------------------------------------------- Keras config pieces

def initializer(name, seed=None):
    cfg = {"seed": seed} if name == "GlorotUniform" else {}
    return {"class_name": name, "config": cfg}


def dense(name, units, activation, input_dim=None):
    cfg = {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
           "use_bias": True, "kernel_initializer": initializer("GlorotUniform"),
           "bias_initializer": initializer("Zeros"), "kernel_regularizer": None, "bias_regularizer": None,
           "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
    if input_dim is not None:
        cfg["batch_input_shape"] = [None, input_dim]
    return {"class_name": "Dense", "config": cfg}


def conv2d(name, filters, activation):
    return {"class_name": "Conv2D", "config": {
        "name": name, "trainable": True, "dtype": "float32", "filters": filters, "kernel_size": [3, 3],
        "strides": [1, 1], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1],
        "groups": 1, "activation": activation, "use_bias": True,
        "kernel_initializer": initializer("GlorotUniform"), "bias_initializer": initializer("Zeros"),
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None}}


def batch_norm(name, eps):
    return {"class_name": "BatchNormalization", "config": {
        "name": name, "trainable": True, "dtype": "float32", "axis": [3], "momentum": 0.99, "epsilon": eps,
        "center": True, "scale": True, "beta_initializer": initializer("Zeros"),
        "gamma_initializer": initializer("Ones"), "moving_mean_initializer": initializer("Zeros"),
        "moving_variance_initializer": initializer("Ones"), "beta_regularizer": None, "gamma_regularizer": None,
        "beta_constraint": None, "gamma_constraint": None}}


def simple(class_name, name, **cfg):
    return {"class_name": class_name, "config": dict({"name": name, "trainable": True, "dtype": "float32"}, **cfg)}


def node(layer, *inbound):
    """A functional model's layer entry: the layer, its name again and the layers it reads from."""
    layer = dict(layer)
    layer["name"] = layer["config"]["name"]
    layer["inbound_nodes"] = [[[src, 0, 0, {}] for src in inbound]] if inbound else []
    return layer


TRAINING_CONFIG = {"loss": "categorical_crossentropy", "metrics": ["accuracy"], "weighted_metrics": None,
                   "loss_weights": None, "optimizer_config": {"class_name": "Adam", "config": {
                       "name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999,
                       "epsilon": 1e-07, "amsgrad": False}}}


# ---------------------------------------------------------------- HDF5 writing

def write_model(path, model_config, layers, training_config=TRAINING_CONFIG, with_config=True):
    """layers: [(layer name, [(weight name, array), ...])] in model order, weightless layers included."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = KERAS_VERSION
        f.attrs["backend"] = BACKEND
        if with_config:
            f.attrs["model_config"] = json.dumps(model_config)
        if training_config is not None:
            f.attrs["training_config"] = json.dumps(training_config)
        w = f.create_group("model_weights")
        w.attrs["layer_names"] = np.array([n.encode("utf8") for n, _ in layers])
        w.attrs["backend"] = BACKEND
        w.attrs["keras_version"] = KERAS_VERSION
        for name, weights in layers:
            g = w.create_group(name)
            full = [name + "/" + wn + ":0" for wn, _ in weights]
            g.attrs["weight_names"] = np.array([n.encode("utf8") for n in full], dtype="S") if full \
                else np.array([], dtype="S1")
            for n, (_, arr) in zip(full, weights):
                # no modification times in the object headers: a rerun then writes the same bytes
                g.create_dataset(n, data=np.asarray(arr, dtype=np.float32), track_times=False)


def write_forward(path, inputs, outputs):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"inputShape": list(inputs.shape),
                   "inputs": [[float(v) for v in row] for row in inputs.reshape(len(inputs), -1)],
                   "outputs": [[float(v) for v in row] for row in outputs]}, f)
        f.write("\n")


# ---------------------------------------------------------------- NumPy forward passes (float64)

def relu(x):
    return np.maximum(x, 0)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def conv_same(x, k, b):
    """x [n, h, w, c] (channels_last), k [3, 3, c, f] as Keras stores it: stride 1, 'same' zero padding."""
    n, h, w, _ = x.shape
    p = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = np.zeros((n, h, w, k.shape[3]))
    for i in range(3):
        for j in range(3):
            out += np.einsum("nhwc,cf->nhwf", p[:, i:i + h, j:j + w, :], k[i, j])
    return out + b


def bn(x, gamma, beta, mean, var, eps):
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def max_pool(x, s):
    n, h, w, c = x.shape
    return x.reshape(n, h // s, s, w // s, s, c).max(axis=(2, 4))


# ---------------------------------------------------------------- the models

def mlp(xtr, ytr, xte, out_model, out_forward):
    """784-64-10, trained by plain minibatch SGD with momentum (2 epochs) so the sweep's base model is useful."""
    rng = np.random.default_rng(11)
    lim1, lim2 = np.sqrt(6 / (784 + 64)), np.sqrt(6 / (64 + 10))
    w1 = rng.uniform(-lim1, lim1, (784, 64)).astype(np.float32)
    b1 = np.zeros(64, np.float32)
    w2 = rng.uniform(-lim2, lim2, (64, 10)).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    params = [w1, b1, w2, b2]
    vel = [np.zeros_like(p) for p in params]
    lr, mom, batch = 0.05, 0.9, 64
    for epoch in range(2):
        order = rng.permutation(len(xtr))
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            x, y = xtr[idx], ytr[idx]
            h = relu(x @ w1 + b1)
            p = softmax(h @ w2 + b2)
            p[np.arange(len(idx)), y] -= 1
            d2 = p / len(idx)
            dh = (d2 @ w2.T) * (h > 0)
            grads = [x.T @ dh, dh.sum(0), h.T @ d2, d2.sum(0)]
            for k in range(4):
                vel[k] = mom * vel[k] - lr * grads[k].astype(np.float32)
                params[k] += vel[k]
    model_config = {"class_name": "Sequential", "config": {"name": "fashion_mlp", "layers": [
        dense("dense", 64, "relu", input_dim=784), dense("dense_1", 10, "softmax")]}}
    write_model(out_model, model_config,
                [("dense", [("kernel", w1), ("bias", b1)]), ("dense_1", [("kernel", w2), ("bias", b2)])])
    x = xte[:4].astype(np.float64)
    out = softmax(relu(x @ w1.astype(np.float64) + b1) @ w2.astype(np.float64) + b2)
    write_forward(out_forward, xte[:4], out)
    return w1, b1, w2, b2


def residual_cnn(images, out_model, out_forward):
    """Conv-BN-ReLU, Conv-BN, Add with the first ReLU's output, ReLU, 4x4 max pooling, Flatten, Dense softmax.
    Random weights and BN statistics (mean and variance far from 0 and 1, so a BN read wrongly shows)."""
    rng = np.random.default_rng(23)
    f = 4
    k1 = rng.normal(0, 0.5, (3, 3, 1, f))
    c1 = rng.normal(0, 0.1, f)
    k2 = rng.normal(0, 0.3, (3, 3, f, f))
    c2 = rng.normal(0, 0.1, f)
    bn1 = [rng.uniform(0.5, 1.5, f), rng.normal(0, 0.2, f), rng.normal(0, 0.3, f), rng.uniform(0.5, 2.0, f)]
    bn2 = [rng.uniform(0.5, 1.5, f), rng.normal(0, 0.2, f), rng.normal(0, 0.3, f), rng.uniform(0.5, 2.0, f)]
    wd = rng.normal(0, 0.2, (7 * 7 * f, 10))
    bd = rng.normal(0, 0.1, 10)
    eps1, eps2 = 1e-3, 1e-5
    layers = [
        node(simple("InputLayer", "input_1", batch_input_shape=[None, 28, 28, 1], sparse=False, ragged=False)),
        node(conv2d("conv2d", f, "linear"), "input_1"),
        node(batch_norm("batch_normalization", eps1), "conv2d"),
        node(simple("Activation", "activation", activation="relu"), "batch_normalization"),
        node(conv2d("conv2d_1", f, "linear"), "activation"),
        node(batch_norm("batch_normalization_1", eps2), "conv2d_1"),
        node(simple("Add", "add"), "batch_normalization_1", "activation"),
        node(simple("Activation", "activation_1", activation="relu"), "add"),
        node(simple("MaxPooling2D", "max_pooling2d", pool_size=[4, 4], padding="valid", strides=[4, 4],
                    data_format="channels_last"), "activation_1"),
        node(simple("Flatten", "flatten", data_format="channels_last"), "max_pooling2d"),
        node(dense("dense", 10, "softmax"), "flatten"),
    ]
    model_config = {"class_name": "Functional", "config": {"name": "residual_cnn", "layers": layers,
                                                           "input_layers": [["input_1", 0, 0]],
                                                           "output_layers": [["dense", 0, 0]]}}
    bn_names = ["gamma", "beta", "moving_mean", "moving_variance"]
    write_model(out_model, model_config, [
        ("input_1", []),
        ("conv2d", [("kernel", k1), ("bias", c1)]),
        ("batch_normalization", list(zip(bn_names, bn1))),
        ("activation", []),
        ("conv2d_1", [("kernel", k2), ("bias", c2)]),
        ("batch_normalization_1", list(zip(bn_names, bn2))),
        ("add", []), ("activation_1", []), ("max_pooling2d", []), ("flatten", []),
        ("dense", [("kernel", wd), ("bias", bd)]),
    ])
    # the forward pass reads the weights as float32, as they are stored, then computes in float64
    k1, c1, k2, c2, wd, bd = (np.float32(a).astype(np.float64) for a in (k1, c1, k2, c2, wd, bd))
    bn1 = [np.float32(a).astype(np.float64) for a in bn1]
    bn2 = [np.float32(a).astype(np.float64) for a in bn2]
    x = images.astype(np.float64)
    a = relu(bn(conv_same(x, k1, c1), *bn1, eps1))
    r = relu(bn(conv_same(a, k2, c2), *bn2, eps2) + a)
    flat = max_pool(r, 4).reshape(len(x), -1)  # Keras flattens channels_last: (h, w, c), c fastest
    write_forward(out_forward, images, softmax(flat @ wd + bd))


def bad_fixtures(out_dir):
    write_model(os.path.join(out_dir, "no-model-config.h5"), None,
                [("dense", [("kernel", np.ones((4, 2))), ("bias", np.zeros(2))])], training_config=None,
                with_config=False)
    # Rescaling (a Keras preprocessing layer) has no DL4J counterpart in 1.0.0-M2.1
    cfg = {"class_name": "Sequential", "config": {"name": "unsupported", "layers": [
        simple("Rescaling", "rescaling", batch_input_shape=[None, 784], scale=1.0 / 255, offset=0.0),
        dense("dense", 10, "softmax")]}}
    rng = np.random.default_rng(5)
    write_model(os.path.join(out_dir, "unsupported-layer.h5"), cfg,
                [("rescaling", []), ("dense", [("kernel", rng.normal(0, 0.1, (784, 10))), ("bias", np.zeros(10))])])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist", help="Fashion-MNIST IDX .gz directory")
    args = ap.parse_args()
    xtr, ytr, xte = fashion(args.data)
    tests = os.path.join(ROOT, "src", "test", "resources", "keras")
    w1, b1, w2, b2 = mlp(xtr, ytr, xte, os.path.join(ROOT, "conf", "keras", "fashion-mlp.h5"),
                         os.path.join(tests, "fashion-mlp.forward.json"))
    yte = read_idx(os.path.join(args.data, "t10k-labels-idx1-ubyte.gz"))
    acc = float((np.argmax(relu(xte @ w1 + b1) @ w2 + b2, axis=1) == yte).mean())
    print("fashion-mlp.h5: NumPy test accuracy %.4f on the 10,000 test images" % acc)
    rng = np.random.default_rng(29)
    images = np.concatenate([xte[:3].reshape(3, 28, 28, 1), rng.uniform(0, 1, (1, 28, 28, 1)).astype(np.float32)])
    residual_cnn(images, os.path.join(tests, "residual-cnn.h5"), os.path.join(tests, "residual-cnn.forward.json"))
    bad_fixtures(tests)


if __name__ == "__main__":
    main()
