#!/usr/bin/python3
"""Validates JSON documents against one of soaplint's schemas: validate.py SCHEMA FILE...

Run with Debian's python3 (python3-jsonschema). Prints each problem; exits 1 when there is one."""
import json
import sys

from jsonschema.validators import validator_for


def main() -> int:
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    problems = 0
    for path in sys.argv[2:]:
        document = json.load(open(path, encoding="utf-8"))
        for error in cls(schema).iter_errors(document):
            where = "/".join(map(str, error.absolute_path))
            print(f"{path}: {error.message[:200]} at /{where}")
            problems += 1
    print(f"{problems} problems in {len(sys.argv) - 2} documents")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
