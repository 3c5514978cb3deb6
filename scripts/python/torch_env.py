"""Facts about the PyTorch build that benchmarks print beside their numbers."""
import os


def blas_library():
    """Debian's torch calls the system libblas.so.3; which implementation that is depends on update-alternatives."""
    for p in ("/etc/alternatives/libblas.so.3-x86_64-linux-gnu", "/etc/alternatives/libblas.so.3"):
        if os.path.exists(p):
            real = os.path.realpath(p)
            return "OpenBLAS" if "openblas" in real else f"reference BLAS ({real})"
    return "unknown"
