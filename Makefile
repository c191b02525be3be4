# tridentops: `make demo` runs the main job on an embedded control plane, `make test` runs everything.
# Both bootstrap a fresh Debian 12 machine (Debian packages, .venv, control-plane binaries cached
# under ~/.cache/tridentops).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PY := $(BIN)/python
export PATH := $(BIN):$(PATH)

.PHONY: help bootstrap kube cluster-up cluster-down demo test lint sanity unit integration generate

help:
	@echo "make demo          run the main job on the embedded control plane"
	@echo "make test          run every test: lint, ansible-test sanity, unit, integration, Pulumi, Molecule"
	@echo "make cluster-up    start the embedded control plane (make cluster-down stops it)"
	@echo "make generate      regenerate doc fragments, Pulumi args and schema from the spec model"

bootstrap:
	@hack/bootstrap.sh

kube:
	@hack/build-kube.sh

cluster-up: bootstrap kube
	@$(PY) hack/controlplane.py up

cluster-down:
	@python3 hack/controlplane.py down

demo: bootstrap kube
	@$(PY) hack/demo.py

# After changing a spec field or its docs: regenerate what is generated from the spec model (the modules' doc
# fragments and shared RETURN docs, the Pulumi components' args, then the Pulumi package schema, which reads those
# args). Each generator takes --check; the tests fail while a generated file is stale.
GENERATORS := hack/gen_doc_fragments.py hack/gen_pulumi_args.py hack/gen_pulumi_schema.py

generate: bootstrap
	@for generator in $(GENERATORS); do $(PY) $$generator; done

lint: bootstrap
	ruff check .
	ruff format --check .
	$(PY) hack/collection_path.py >/dev/null
	mypy
	ANSIBLE_COLLECTIONS_PATH=$$($(PY) hack/collection_path.py) ansible-lint
	antsibull-changelog lint
	.venv-tools/bin/python hack/importer_flake8.py

# On the development set's ansible-core and on the oldest one requires_ansible claims.
sanity: bootstrap
	hack/ansible-test.sh sanity --venv --python 3.11
	ANSIBLE_TEST_VENV=$(CURDIR)/.venv-oldest hack/ansible-test.sh sanity --venv --python 3.11

unit: bootstrap
	pytest tests/unit tests/pulumi tests/protect tests/volumes tests/aws -q -m "not cluster"

integration: bootstrap kube
	pytest tests -q -m cluster

test: bootstrap kube
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory sanity
	pytest tests -q
