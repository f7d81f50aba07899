#!/usr/bin/env python3
"""Writes the small ONNX sequence classifier the tests of the onnx-classifier family load.

It has the inputs and output of a Hugging Face text-classification export (input_ids and
attention_mask in, logits [batch, 2] out) and reads the word pieces of the bundled MiniLM
tokenizer: each word piece id falls in one of 2048 buckets, a few lure words weigh +2 towards
phishing and a few everyday words -2; the phishing logit is the mean weight of the real word
pieces (padding masked out), the other class's its negative. Class 0 is "phishing" (config.json
says so), so a reader that assumed class 1 would be caught by the tests.

    python3 scripts/tiny-classifier.py TOKENIZER_JSON OUT_DIR   (needs the onnx package)
"""
import json
import sys

import onnx
from onnx import TensorProto, helper

BUCKETS = 2048
LURE = ["verify", "password", "account", "suspended", "urgent", "click", "confirm"]
EVERYDAY = ["meeting", "thanks", "lunch", "attached", "minutes", "agenda"]


def main(tokenizer_json, out_dir):
    vocab = json.load(open(tokenizer_json))["model"]["vocab"]
    weights = [0.0] * BUCKETS
    for word, weight in [(w, 2.0) for w in LURE] + [(w, -2.0) for w in EVERYDAY]:
        bucket = vocab[word] % BUCKETS
        assert weights[bucket] == 0.0 and bucket not in (0, 101, 102), word
        weights[bucket] = weight
    nodes = [
        helper.make_node("Mod", ["input_ids", "buckets"], ["bucket_ids"]),
        helper.make_node("Gather", ["weights", "bucket_ids"], ["token_weights"]),
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["token_weights", "mask"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "axis1"], ["weight_sum"], keepdims=1),
        helper.make_node("ReduceSum", ["mask", "axis1"], ["pieces"], keepdims=1),
        helper.make_node("Div", ["weight_sum", "pieces"], ["phishing"]),
        helper.make_node("Neg", ["phishing"], ["other"]),
        helper.make_node("Concat", ["phishing", "other"], ["logits"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "tiny-classifier",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])],
        [helper.make_tensor("weights", TensorProto.FLOAT, [BUCKETS], weights),
         helper.make_tensor("buckets", TensorProto.INT64, [], [BUCKETS]),
         helper.make_tensor("axis1", TensorProto.INT64, [1], [1])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="hookline-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, out_dir + "/model.onnx")
    with open(out_dir + "/config.json", "w") as config:
        json.dump({"id2label": {"0": "phishing", "1": "legitimate"}}, config, indent=2)
        config.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
