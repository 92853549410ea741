"""Generate a large, valid journey map for benchmarks and scale tests (deterministic for a given size)."""

from __future__ import annotations

import random
import sys

PHASES = 10


def generate_map(touchpoints: int, *, seed: int = 7) -> str:
    """A map with `touchpoints` touchpoints in 10 phases, branches with shares, emotions, pains and KPIs."""
    rng = random.Random(seed)
    per_phase = max(1, touchpoints // PHASES)
    lines = ["journeymap: 1", f'title: "Generated journey with {touchpoints} touchpoints"',
             "personas:", '  - {id: p1, name: "Persona one"}', '  - {id: p2, name: "Persona two"}',
             '  - {id: p3, name: "Persona three"}', "phases:"]
    lines += [f'  - {{id: ph{i}, name: "Phase {i}"}}' for i in range(PHASES)]
    lines += ["owners:", '  - {id: team, name: "Team"}', "channels:", '  - {id: web, name: "Web", kind: digital}',
              "touchpoints:"]
    for i in range(touchpoints):
        phase = min(i // per_phase, PHASES - 1)
        lines += [f"  - id: t{i}", f'    name: "Touchpoint {i}"', f"    phase: ph{phase}", "    owner: team",
                  "    channel: web", f"    emotion: {{p1: {rng.randint(-2, 2)}, p2: {rng.randint(-2, 2)}}}",
                  f"    effort: {rng.randint(1, 7)}"]
        if i % 3 == 0:
            lines.append(f"    pains: [{{id: pain{i}, text: \"Pain {i}\", severity: {rng.randint(1, 5)}}}]")
        if i % 5 == 0:
            lines.append(f"    kpis: {{volume: {rng.randint(10, 100000)}, cost: {rng.randint(0, 50000)}}}")
        targets = [f"{{to: t{i + 1}, share: 0.9}}"] if i + 1 < touchpoints else []
        if i + 2 < touchpoints and i % 4 == 0:
            targets.append(f"{{to: t{i + 2}, share: 0.05}}")
        if targets:
            lines.append(f"    next: [{', '.join(targets)}]")
    lines.append("opportunities:")
    lines += [f'  - {{id: o{i}, title: "Fix {i}", addresses: [t{i}], impact: high, cost: low}}'
              for i in range(0, touchpoints, 3)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate_map(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
