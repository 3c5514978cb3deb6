"""Exports a torchvision classifier or segmenter (or your own nn.Module) to ONNX for GAN Lens.

  python3 export_network.py --arch resnet50 --weights resnet50.pth --out resnet50.onnx
  python3 export_network.py --arch deeplabv3_resnet50 --task segment --size 512 --weights ckpt.pth --out seg.onnx
  python3 export_network.py --module mypkg.nets:MyNet --weights ckpt.pth --size 128 --out mynet.onnx

Input `image` (N, 3, H, W), already normalised (GAN Lens applies the config's mean/std); output `logits`
(classifiers: N x classes; segmenters: N x classes x H x W, torchvision's dict output 'out' is unwrapped).
Without --weights the network has random weights (for trying the pipeline)."""
import argparse
import sys

from ganlens_export import bad_input, check, export, load_object, load_weights, report, torch


class SegmenterOutput(torch.nn.Module):
    """torchvision segmenters return {'out': ..., 'aux': ...}; GAN Lens wants one tensor. The model's children are
    re-registered under their own names, so tensor names keep the module paths users know (backbone.layer1,
    classifier.0, …); the aux head is dropped."""

    def __init__(self, model):
        super().__init__()
        for name, child in model.named_children():
            if name != "aux_classifier":
                self.add_module(name, child)
        if hasattr(model, "aux_classifier"):
            self.aux_classifier = None
        self._forward = type(model).forward

    def forward(self, image):
        out = self._forward(self, image)
        return out["out"] if isinstance(out, dict) else out


def build(a):
    """Returns (the module the weights belong to, the module to export)."""
    if a.module:
        m = load_object(a.module)()
        return m, m
    import torchvision
    if a.task == "segment":
        ctor = getattr(torchvision.models.segmentation, a.arch, None)
        if ctor is None:
            raise bad_input(f"error: torchvision.models.segmentation has no '{a.arch}'.\n"
                             "  → e.g. fcn_resnet50, deeplabv3_resnet50, deeplabv3_mobilenet_v3_large, lraspp_mobilenet_v3_large.")
        model = ctor(weights=None, weights_backbone=None, num_classes=a.classes or 21, aux_loss=a.aux)
        return model, SegmenterOutput(model)
    ctor = getattr(torchvision.models, a.arch, None)
    if ctor is None:
        raise bad_input(f"error: torchvision.models has no '{a.arch}'.\n  → e.g. resnet50, resnet34, vgg19_bn, convnext_tiny.")
    m = ctor(weights=None, num_classes=a.classes or 1000)
    return m, m


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", help="torchvision constructor name, e.g. resnet50 or deeplabv3_resnet50")
    p.add_argument("--module", help="your own model: package.module:ClassOrFactory (no arguments)")
    p.add_argument("--task", choices=["classify", "segment"], default="classify")
    p.add_argument("--classes", type=int, help="number of classes the weights were trained with")
    p.add_argument("--aux", action="store_true", help="segmenter weights include an aux_classifier (dropped in the export)")
    p.add_argument("--weights", help="state dict (.pth/.pt); random weights when omitted")
    p.add_argument("--size", type=int, default=224, help="input height = width")
    p.add_argument("--out", required=True)
    p.add_argument("--check", action="store_true", help="also save a PyTorch reference input/output as .npy")
    a = p.parse_args(argv)
    if not a.arch and not a.module:
        p.error("give --arch (torchvision) or --module (your own)")
    torch.manual_seed(0)
    owner, model = build(a)
    if a.weights:
        load_weights(owner, a.weights)
    model.eval()
    x = torch.randn(1, 3, a.size, a.size)
    export(model, [x], a.out, ["image"], ["logits"])
    if a.check:
        check(model, [x], a.out, ["logits"])
    report(a.out, ["image (N, 3, %d, %d)" % (a.size, a.size)], ["logits"])


if __name__ == "__main__":
    sys.exit(main())
