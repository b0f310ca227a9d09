"""A fixed zlib dictionary for compressing one change before it is encrypted.

Ciphertext does not compress, so the zlib of a group can no longer find what
consecutive changes share. A small edit is about 230 bytes of Automerge
change, and alone it does not compress (Automerge already deflates large
columns); primed with this dictionary (the case field names and three sample
edits of an unrelated document) it shrinks to about half. NEVER EDIT IT:
bodies compressed with it must stay readable; a new dictionary needs a new
format byte in `shared.crypto`.
"""

from __future__ import annotations

import base64

DICT_V1 = base64.b64decode(
    "ZGlyZWN0aW9uIGtpbmQgb3VyX3JlZiB0aGVpcl9yZWYgdGl0bGUgcmVxdWVzdGluZ19zdGF0ZSByZXF1ZXN0aW5n"
    "X2F1dGhvcml0eSByZXF1ZXN0ZWRfc3RhdGUgcmVxdWVzdGVkX2F1dGhvcml0eSBhc3Npc3RhbmNlX3R5cGVzIG9m"
    "ZmVuY2VzIGxlZ2FsX2Jhc2lzIHVyZ2VuY3kgdXJnZW5jeV9yZWFzb24gZGF0ZV9yZWNlaXZlZCBkYXRlX3NlbnQg"
    "ZGF0ZV9hY2tub3dsZWRnZWQgZGF0ZV9leGVjdXRlZCBkYXRlX2Nsb3NlZCBkZWFkbGluZSBkZWFkbGluZV9yZWFz"
    "b24gc3RhdHVzIG91dGNvbWUgcmVmdXNhbF9ncm91bmRzIGFzc2lnbmVkX29mZmljZXIgc3VtbWFyeSBub3RlcyBh"
    "dXRob3JpdHlfY29uZHVjdGluZyBwcm9jZWVkaW5nX25hdHVyZSBwdXJwb3NlIGFzc2lzdGFuY2VfZGVzY3JpcHRp"
    "b24gcHJvY2VkdXJlX3JlcXVlc3RlZCBjb25maWRlbnRpYWxpdHkgZHVhbF9jcmltaW5hbGl0eSBwYXJ0aWN1bGFy"
    "cyBwZXJzb25zIGRvY3VtZW50cyByZW5kZXJzIG92ZXJyaWRlcyByb2xlIG5hbWUgbmF0aW9uYWxpdHkgZGF0ZV9v"
    "Zl9iaXJ0aCBsb2NhdGlvbiBpZGVudGl0eV9kZXRhaWxzIHRpdGxlIGtpbmQgZGF0ZSByZWZlcmVuY2UgdmVyc2lv"
    "biBsYW5ndWFnZSBmb3JtYXQgZGF0ZSBmaWxlIHJlYXNvbiBkYXRlIGJ5IGZpbmRpbmdzIHVwZGF0ZWRfYXQgdXBk"
    "YXRlZF9ieSBjcmVhdGVkX2F0IF9zY2hlbWEgX2tpbmQgY2FzZSArMDA6MDCFb0qDB2TMCAHlAQHkMDFwrBZqdGyg"
    "MK5oMU/mSkpzCyaxQfLOvzJcJhSP0hC1Bjc/TWv2LPyIt4cs/uNeAv4CAAAADAEFAgURBxMOFQ80BEIHVghXQ3AF"
    "cQNzCLwBAAABvAEXAAEAAbsBAAABfgD+AigBf/J8kQEBAAEAvAF/CnVwZGF0ZWRfYXQAKpMBKgGSAQN/ASoWkgEA"
    "f5YDU3VtbWFyeSBvZiBmYWN0cyB1cGRhdGVkIGFmdGVyIHRoZSBoZWFyaW5nMjAyNi0xMS0yNlQxNzoxODo1NSsw"
    "MDowMCoAkwEBkwEAfxiRAQF/236Fb0qDPegrUAGrAQHFoGD6iiR+B6+WWGt0shxAqBsCphHVaUu6wu05kt9Q0RC1"
    "Bjc/TWv2LPyIt4cs/uNeAuMDAAAACBUmNAFCAlYGVypwBHECcwN9CGRlYWRsaW5lEGFzc2lnbmVkX29mZmljZXIK"
    "dXBkYXRlZF9hdAMDAX2mAXaWAzIwMjYtMDMtMzFPZmZpY2VyMjAyNi0xMS0yNlQxNzoxODo1NSswMDowMH8AAgEC"
    "AH4XbYVvSoOJmQ+PAoICAf0AAv8BXjxeA4uy73ozJTnYE/9XYvN0bR4G5weMbpLdutC/B48QtQY3P01r9iz8iLeH"
    "LP7jXgKYAwAAAAwBBQIGEQcTDhUONANCB1YIV11wBXECcwjmAAAAAeYApgEAAQAB5QAAAAF+AJgDwgABf819IQEA"
    "AQBmfwp1cGRhdGVkX2F0AEQjxAABIgN/AcQAFiIAf5YDRm9sbG93LXVwOiB0aGUgcmVxdWVzdGVkIGF1dGhvcml0"
    "eSBhY2tub3dsZWRnZWQgcmVjZWlwdCBieSB0ZWxlcGhvbmUyMDI2LTExLTI2VDE3OjE4OjU1KzAwOjAwxAAAIwEj"
    "AH+nASEBf7x+"
)
