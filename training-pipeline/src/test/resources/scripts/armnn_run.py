#!/usr/bin/python3
"""Runs int8 .tflite models with Arm NN (CpuRef backend) as an independent TFLite runtime.

Usage: armnn_run.py JOBS.txt

Each line of JOBS.txt is "MODEL.tflite INPUTS.bin NUM_CASES OUTPUTS.bin". INPUTS.bin holds
NUM_CASES int8 input tensors back to back. For every case, every subgraph output (in
subgraph order) is appended to OUTPUTS.bin as raw int8. For each job the output names and
sizes are printed, one "name size" line each.
Needs Debian's python3-pyarmnn and libarmnn-cpuref-backend22 (run with /usr/bin/python3).
"""
import sys
import warnings

warnings.filterwarnings("ignore")
import numpy as np
import pyarmnn as ann


def run(runtime, model, inputs_path, n, outputs_path):
    parser = ann.ITfLiteParser()
    network = parser.CreateNetworkFromBinaryFile(model)
    graph_id = 0
    in_name = parser.GetSubgraphInputTensorNames(graph_id)[0]
    in_info = parser.GetNetworkInputBindingInfo(graph_id, in_name)
    out_names = parser.GetSubgraphOutputTensorNames(graph_id)
    out_infos = [parser.GetNetworkOutputBindingInfo(graph_id, name) for name in out_names]
    opt, _ = ann.Optimize(network, [ann.BackendId("CpuRef")], runtime.GetDeviceSpec(), ann.OptimizerOptions())
    net_id, _ = runtime.LoadNetwork(opt)
    data = np.fromfile(inputs_path, dtype=np.int8)
    per = data.size // n
    with open(outputs_path, "wb") as f:
        for i in range(n):
            x = data[i * per:(i + 1) * per].reshape(in_info[1].GetShape())
            in_tensors = ann.make_input_tensors([in_info], [x])
            out_tensors = ann.make_output_tensors(out_infos)
            runtime.EnqueueWorkload(net_id, in_tensors, out_tensors)
            for arr in ann.workload_tensors_to_ndarray(out_tensors):
                f.write(np.asarray(arr).astype(np.int8).tobytes())
    runtime.UnloadNetwork(net_id)
    for name, info in zip(out_names, out_infos):
        print(name, info[1].GetNumElements())


def main():
    runtime = ann.IRuntime(ann.CreationOptions())
    with open(sys.argv[1]) as jobs:
        for line in jobs:
            if line.strip():
                model, inputs_path, n, outputs_path = line.split()
                run(runtime, model, inputs_path, int(n), outputs_path)


if __name__ == "__main__":
    main()
