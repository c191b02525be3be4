"""AWS services for the FSx for NetApp ONTAP modules (private: not a public API of the collection).

One file per concern: ``client`` (boto3 clients with retries), ``errors`` (one error handler per service,
clear messages for the errors users hit), ``waiters`` (the one lifecycle wait), then the services
(``fsx``, ``secrets``, ``iam``, ``eks``) and what converges each resource (``filesystem``, ``svm``,
``identity``, ``addon``). ``testseam`` is loaded only by the test suite (see its docstring).
"""
