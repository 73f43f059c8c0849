#!/usr/bin/env python3
"""Prints every failed test in the .trx files under a directory: name, message and the first lines of its stack trace.

test.sh calls it when `dotnet test` fails, so that the names of the failures are at the end of the log. CI keeps only
the log's tail, and the console logger prints a failure where it happens, which can be minutes of output earlier.
"""
import pathlib
import sys
import xml.etree.ElementTree as ElementTree

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
STACK_LINES = 12


def failures(trx_path):
    root = ElementTree.parse(trx_path).getroot()
    for result in root.iter(NS + "UnitTestResult"):
        if result.get("outcome") != "Failed":
            continue
        message = result.findtext(f"{NS}Output/{NS}ErrorInfo/{NS}Message") or ""
        stack = result.findtext(f"{NS}Output/{NS}ErrorInfo/{NS}StackTrace") or ""
        yield result.get("testName"), message.strip(), stack.strip().splitlines()[:STACK_LINES]


def main(directory):
    found = 0
    for trx_path in sorted(pathlib.Path(directory).rglob("*.trx")):
        for name, message, stack in failures(trx_path):
            found += 1
            print(f"\nFAILED {name}\n  {message}")
            for line in stack:
                print(f"    {line.strip()}")
    print(f"\n{found} failed test(s) in {directory}" if found else f"\nNo failed test recorded in {directory}")


if __name__ == "__main__":
    main(sys.argv[1])
