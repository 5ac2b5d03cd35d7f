"""Re-check mutmut's verdicts: run named mutants in one pytest session, fastest tests first.

mutmut 3.8's fork server reported some mutants of `rules` as killed whose tests all pass when run
with the mutant switched on (e.g. `_bound_in_chosen` 12, whose two branches are identical). This
plugin switches each mutant on through MUTANT_UNDER_TEST (the trampolines read it on every call),
runs the collected tests until the first failure and writes {mutant: [killing test or null, s]}.
Run it in the folder tools/mutation.py made, after a `mutmut run` has generated the mutants:

    cd /tmp/greendesk-mutation/rules/mutants
    MUTANTS=names.txt OUT=verdicts.json PYTHONPATH=/work/wt/<you>/tools nice -n 10 \
        python -m pytest -q -p no:cacheprovider -p mutant_check -m "not slow" <the module's tests>

Stop it at any time: finished verdicts are in OUT, and a new run skips them.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from _pytest.runner import runtestprotocol


def pytest_runtestloop(session) -> bool:
    names = [n for n in Path(os.environ["MUTANTS"]).read_text(encoding="utf-8").split("\n") if n]
    out = Path(os.environ["OUT"])
    done = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    # definition plans keep what a rule worked out with the mutant of the moment: start afresh
    from greendesk import definition_plan as plans
    for name in names:
        if name in done:
            continue
        os.environ["MUTANT_UNDER_TEST"] = name
        plans._plans.clear()
        start = time.time()
        killer = None
        for item in session.items:
            if any(r.failed for r in runtestprotocol(item, nextitem=None, log=False)):
                killer = item.nodeid
                break
        done[name] = [killer, round(time.time() - start, 1)]
        out.write_text(json.dumps(done, ensure_ascii=False, indent=0), encoding="utf-8")
    os.environ.pop("MUTANT_UNDER_TEST", None)
    return True
