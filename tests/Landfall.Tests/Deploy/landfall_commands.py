"""Prints, as a JSON list of argument lists, every landfall command a Python file runs.

Used by DeployExamplesTests. Finds calls to a function named `landfall` ("plan", "--json", ...) and list literals that
start with "landfall" (["landfall", "run", "--date", date, ...]); a list that only forwards its arguments
(["landfall", *args]) is the helper behind those calls and is skipped, and so is ["landfall"] alone (a tag). Parts that are not string literals become
{expression}, for the test to fill in.
"""

import ast
import json
import sys


def literal(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}" for v in node.values)
    return "{" + ast.unparse(node) + "}"


commands = []
with open(sys.argv[1], encoding="utf-8") as source:
    tree = ast.parse(source.read(), sys.argv[1])
for node in ast.walk(tree):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "landfall":
        commands.append([literal(a) for a in node.args])
    elif isinstance(node, ast.List) and len(node.elts) > 1 and literal(node.elts[0]) == "landfall":
        if any(isinstance(e, ast.Starred) for e in node.elts):
            continue
        commands.append([literal(e) for e in node.elts[1:]])
print(json.dumps(commands))
