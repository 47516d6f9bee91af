"""The heavy solvers (ortools ≈ 50 MB, scipy ≈ 50 MB per process) imported on first use, so a web
worker that never assigns a cohort or a jury does not carry them."""
import sys

UNLOADED = object()  # a module attribute not looked up yet (tests set it to None to force scipy)


def ortools_min_cost_flow():
    """ortools' min-cost-flow module, or None when ortools is not installed (scipy still solves)."""
    try:
        from ortools.graph.python import min_cost_flow
    except ImportError:  # pragma: no cover - ortools is a pinned dependency
        return None
    return min_cost_flow


def flow_solver(namespace: dict):
    """The min_cost_flow of a module's namespace, looked up on first use (a test may set it to None
    to force the scipy route)."""
    if namespace["min_cost_flow"] is UNLOADED:
        namespace["min_cost_flow"] = ortools_min_cost_flow()
    return namespace["min_cost_flow"]


def is_sparse(value) -> bool:
    """scipy.sparse.issparse without importing scipy: nothing is sparse before scipy is loaded."""
    sparse = sys.modules.get("scipy.sparse")
    return sparse is not None and sparse.issparse(value)
