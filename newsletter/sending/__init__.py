"""The sending engine: plan a send, render it once per language, deliver it in claimed batches.

docs/sending.md describes the path of a send and the policy for rows in flight.
"""
