# Front doors. `make run` and `make test` work on a fresh Debian 12 machine.
BUILD_DIR ?= build
DATA_DIR  ?= data
LISTEN    ?= 127.0.0.1:8080
JOBS      ?= $(shell nproc)

.PHONY: run test build deps configure clean package bench bench-mail bench-pictures bench-web bench-cluster

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/shiftsync serve --listen $(LISTEN) --data-dir $(DATA_DIR)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j 2

# The release tarball deploy/aws/shiftsync.yml installs: $(BUILD_DIR)/shiftsync-VERSION.tar.gz.
package: build
	@scripts/package.sh $(BUILD_DIR)/shiftsync $(BUILD_DIR)

bench: build
	@scripts/install-deps.sh --bench
	/usr/bin/python3 bench/run.py

bench-mail: build
	@scripts/install-deps.sh
	/usr/bin/python3 bench/mail_drain.py

bench-pictures: build
	@scripts/install-deps.sh --bench
	/usr/bin/python3 bench/picture_upload.py

bench-web: build
	node bench/web_render.mjs

bench-cluster: build
	@scripts/install-deps.sh --bench
	SHIFTSYNC_BINARY=$(abspath $(BUILD_DIR))/shiftsync /usr/bin/python3 bench/cluster.py

clean:
	rm -rf $(BUILD_DIR)
