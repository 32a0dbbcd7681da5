"""Writes a large, realistic Backstage catalog as YAML files, for the catalog benchmarks.

Usage: gen_catalog.py COUNT OUT_DIR [PER_FILE]
COUNT entities: 1% groups, 2% systems, 5% APIs, the rest components, each owned by a group, in
a system, with tags, a lifecycle and a few dependencies, as a large organisation's catalog is.
"""
import os
import random
import sys

LIFECYCLES = ["production"] * 6 + ["experimental"] * 3 + ["deprecated"]
TYPES = ["service"] * 6 + ["website", "library", "worker", "mobile-app"]
TAGS = ["java", "go", "rust", "python", "kotlin", "typescript", "grpc", "kafka", "postgres", "redis"]


def main() -> None:
    count, out = int(sys.argv[1]), sys.argv[2]
    per_file = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    rng = random.Random(42)
    groups = max(1, count // 100)
    systems = max(1, count // 50)
    apis = max(1, count // 20)
    components = count - groups - systems - apis
    docs = []
    for g in range(groups):
        docs.append(f"kind: Group\nmetadata:\n  name: team-{g}\n  title: Team {g}\nspec:\n  type: team\n  children: []\n")
    for s in range(systems):
        docs.append(f"kind: System\nmetadata:\n  name: system-{s}\n  description: System number {s}\nspec:\n  owner: team-{s % groups}\n")
    for a in range(apis):
        docs.append(
            f"kind: API\nmetadata:\n  name: api-{a}\n  title: API {a}\nspec:\n  type: openapi\n  lifecycle: {rng.choice(LIFECYCLES)}\n"
            f"  owner: team-{a % groups}\n  system: system-{a % systems}\n  definition: 'openapi: 3.0.0'\n"
        )
    for c in range(components):
        tags = sorted(set(rng.sample(TAGS, 2)))
        deps = sorted({f"component:svc-{rng.randrange(components)}" for _ in range(2)})
        docs.append(
            f"kind: Component\nmetadata:\n  name: svc-{c}\n  title: Service {c}\n  description: Handles part {c} of the business\n"
            f"  tags: [{', '.join(tags)}]\nspec:\n  type: {rng.choice(TYPES)}\n  lifecycle: {rng.choice(LIFECYCLES)}\n"
            f"  owner: team-{rng.randrange(groups)}\n  system: system-{rng.randrange(systems)}\n"
            f"  providesApis: [api-{c % apis}]\n  dependsOn: [{', '.join(deps)}]\n"
        )
    os.makedirs(out, exist_ok=True)
    for start in range(0, len(docs), per_file):
        body = "---\n".join(f"apiVersion: backstage.io/v1alpha1\n{d}" for d in docs[start : start + per_file])
        with open(os.path.join(out, f"catalog-{start // per_file:04d}.yaml"), "w") as f:
            f.write(body)


if __name__ == "__main__":
    main()
