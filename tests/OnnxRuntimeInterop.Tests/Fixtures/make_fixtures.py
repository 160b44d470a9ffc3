#!/usr/bin/python3
"""Builds the tiny ONNX models the OnnxRuntimeInterop tests run through the real ONNX Runtime.

Run with Debian's python3-onnx:  /usr/bin/python3 tests/OnnxRuntimeInterop.Tests/Fixtures/make_fixtures.py
Outputs (committed, a few KB): gemm_sigmoid.onnx + gemm_sigmoid.weights.bin, two_outputs.onnx, int64_input.onnx,
argmax_output.onnx.
The weights are seeded, so re-running reproduces identical files.
"""
import os
import struct

import numpy as np
import onnx
from onnx import TensorProto, checker, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = [helper.make_opsetid("", 13)]
IR_VERSION = 7  # understood by every ONNX Runtime since 1.6


def save(model, name):
    model.ir_version = IR_VERSION
    checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name))


def gemm_sigmoid(features=8, units=3):
    """output = sigmoid(input @ W + b); input [batch, 8] with a dynamic batch, output [batch, 3]."""
    rng = np.random.default_rng(20261122)
    w = rng.normal(0.0, 0.7, size=(features, units)).astype(np.float32)
    b = rng.normal(0.0, 0.3, size=(units,)).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Gemm", ["input", "W", "b"], ["logits"]),
            helper.make_node("Sigmoid", ["logits"], ["output"]),
        ],
        "gemm_sigmoid",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", features])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", units])],
        initializer=[numpy_helper.from_array(w, "W"), numpy_helper.from_array(b, "b")],
    )
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="denoiseapi-fixtures")
    model.model_version = 3
    helper.set_model_props(model, {"purpose": "interop-test", "units": str(units)})
    save(model, "gemm_sigmoid.onnx")
    # Little-endian float32: int32 features, int32 units, then W row-major [features, units], then b [units].
    with open(os.path.join(HERE, "gemm_sigmoid.weights.bin"), "wb") as f:
        f.write(struct.pack("<ii", features, units))
        f.write(w.astype("<f4").tobytes())
        f.write(b.astype("<f4").tobytes())


def two_outputs(width=5):
    """doubled = x * 2 ([batch, 5]); total = ReduceSum(x, axis 1, keepdims) ([batch, 1])."""
    graph = helper.make_graph(
        [
            helper.make_node("Mul", ["x", "two"], ["doubled"]),
            helper.make_node("ReduceSum", ["x", "axes"], ["total"], keepdims=1),
        ],
        "two_outputs",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", width])],
        [
            helper.make_tensor_value_info("doubled", TensorProto.FLOAT, ["batch", width]),
            helper.make_tensor_value_info("total", TensorProto.FLOAT, ["batch", 1]),
        ],
        initializer=[
            numpy_helper.from_array(np.array(2.0, dtype=np.float32), "two"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "axes"),
        ],
    )
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="denoiseapi-fixtures"), "two_outputs.onnx")


def int64_input():
    """as_float = Cast<float>(ids); ids is int64 [batch, 2], used to provoke a wrong-element-type error."""
    graph = helper.make_graph(
        [helper.make_node("Cast", ["ids"], ["as_float"], to=TensorProto.FLOAT)],
        "int64_input",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", 2])],
        [helper.make_tensor_value_info("as_float", TensorProto.FLOAT, ["batch", 2])],
    )
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="denoiseapi-fixtures"), "int64_input.onnx")


def argmax_output(width=3):
    """index = ArgMax(scores, axis 1, keepdims 0) as int64 [batch]; a model whose output is not float."""
    graph = helper.make_graph(
        [helper.make_node("ArgMax", ["scores"], ["index"], axis=1, keepdims=0)],
        "argmax_output",
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["batch", width])],
        [helper.make_tensor_value_info("index", TensorProto.INT64, ["batch"])],
    )
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="denoiseapi-fixtures"), "argmax_output.onnx")


if __name__ == "__main__":
    gemm_sigmoid()
    two_outputs()
    int64_input()
    argmax_output()
    for name in sorted(os.listdir(HERE)):
        if name.endswith((".onnx", ".bin")):
            print(name, os.path.getsize(os.path.join(HERE, name)), "bytes")
