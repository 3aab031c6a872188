# Running the kernel under QEMU (TCG only: /dev/kvm here is a slow
# software emulator). COM1 is the kernel log, COM2 the user terminal.

QEMU := qemu-system-x86_64
QEMU_BASE := -machine q35 -cpu max -accel tcg -smp $(SMP) -m 256M -nodefaults \
             -vga none -display none -no-reboot \
             -device isa-debug-exit,iobase=0xf4,iosize=4
CMDLINE ?=

# Interactive: the system of MANIFEST (default: system/default.capnp) with
# the terminal UART (COM2) on this terminal and the kernel log (COM1) in
# $(RUN_LOG), so log lines never garble what a person types. Quit with
# Ctrl-A X. INIT=path.elf instead boots that program as a test init (no
# manifest) with the kernel log here; MODULES="path name,..." adds modules.
MANIFEST ?= system/default.capnp
INIT ?=
MODULES ?=
RUN_LOG := $(BUILD)/kernel.log
RUN_INITRD = $(if $(INIT),-initrd "$(INIT) init$(if $(MODULES),$(comma)$(MODULES))")
comma := ,

run-now: $(KERNEL_ELF) $(USER_PROGS) $(MANIFESTS)
ifeq ($(INIT),)
	@echo "capOS: the shell appears below (the kernel log goes to $(RUN_LOG)); quit QEMU with Ctrl-A then X"
	$(Q)$(QEMU) $(QEMU_BASE) -kernel $(KERNEL_ELF) -append "$(CMDLINE)" \
	    -initrd "$$(tools/manifest-modules $(MANIFEST))" \
	    -serial file:$(RUN_LOG) \
	    -chardev stdio,id=term,mux=on,signal=off -serial chardev:term \
	    -mon chardev=term,mode=readline; \
	rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 33 ] || { echo "QEMU exited with $$rc (kernel log: $(RUN_LOG))"; exit $$rc; }
else
	@echo "capOS: kernel log below; quit QEMU with Ctrl-A then X"
	$(Q)$(QEMU) $(QEMU_BASE) -kernel $(KERNEL_ELF) -append "$(CMDLINE)" $(RUN_INITRD) \
	    -chardev stdio,id=com1,mux=on,signal=off -serial chardev:com1 \
	    -mon chardev=com1,mode=readline -serial null; \
	rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 33 ] || { echo "QEMU exited with $$rc"; exit $$rc; }
endif

# Headless boot that must exit through isa-debug-exit with success (33).
run-smoke: $(KERNEL_ELF)
	$(Q)timeout 60 $(QEMU) $(QEMU_BASE) -kernel $(KERNEL_ELF) -append "test=smoke" \
	    -serial stdio -serial null; rc=$$?; \
	if [ $$rc -eq 33 ]; then echo "run-smoke: ok"; else echo "run-smoke: QEMU exited $$rc"; exit 1; fi

# QEMU waits for gdb on :1234; gdb attaches with the kernel's symbols.
gdb: $(KERNEL_ELF)
	$(Q)$(QEMU) $(QEMU_BASE) -kernel $(KERNEL_ELF) -append "$(CMDLINE)" \
	    -serial file:$(BUILD)/gdb-com1.log -serial null -s -S & \
	gdb -q -ex 'target remote :1234' -ex 'echo kernel log: $(BUILD)/gdb-com1.log\n' $(KERNEL_ELF); \
	kill %1 2>/dev/null || true

test-qemu: $(KERNEL_ELF) $(BUILD)/capos-smoke.iso $(ISO) $(USER_PROGS) $(MANIFESTS)
	$(Q)$(PYTHON) tests/qemu/run.py --kernel $(KERNEL_ELF) --iso $(BUILD)/capos-smoke.iso

# Every figure is one `BENCH name=... value=... unit=...` line; the Linux
# peer runs in the same QEMU right after, twice, with the ring benchmark
# again in between (host speed drifts; see tools/bench-linux-peer), and
# ratios close the list.
bench: $(KERNEL_ELF) $(BUILD)/capos-bench.iso $(USER_PROGS) $(MANIFESTS) $(BENCH_DEPS)
	$(Q)mkdir -p $(BUILD)/bench
	$(Q){ $(PYTHON) tools/bench-boot --kernel $(KERNEL_ELF) --iso $(BUILD)/capos-bench.iso; \
	      $(PYTHON) tools/bench-user $(KERNEL_ELF) $(BUILD)/user/bench_ring.elf; \
	      $(PYTHON) tools/bench-user $(KERNEL_ELF) $(BUILD)/user/bench_proc.elf \
	          "$(BUILD)/user/hello.elf hello"; \
	      $(PYTHON) tools/bench-user $(KERNEL_ELF) $(BUILD)/user/bench_ipc.elf \
	          "$(BUILD)/user/ipc_server.elf ipc_server"; \
	      $(PYTHON) tools/bench-smp $(KERNEL_ELF); \
	      $(BENCH_EXTRA) } | tee $(BUILD)/bench/capos.txt
	$(Q)$(PYTHON) tools/bench-linux-peer --interleave \
	    "$(PYTHON) tools/bench-user $(KERNEL_ELF) $(BUILD)/user/bench_ring.elf" \
	    boot_kernel_banner=linux_boot_launch_to_init \
	    boot_iso_banner=linux_boot_launch_to_init \
	    boot_to_shell_prompt=linux_boot_launch_to_init \
	    ring_nop_rtt=linux_null_syscall timer_now_rtt=linux_null_syscall \
	    spawn_exit_wait=linux_posix_spawn_wait anon_first_touch=linux_pagefault_anon_4k \
	    ipc_rtt=linux_futex_proc_rtt ipc_rtt_xfer=linux_futex_proc_rtt \
	    ipc_batch16_throughput=rate:linux_pipe_rtt \
	    $(BENCH_RATIOS) < $(BUILD)/bench/capos.txt

# The SMP scaling figures alone (also part of `make bench`).
bench-smp: $(KERNEL_ELF) $(USER_PROGS)
	$(Q)$(PYTHON) tools/bench-smp $(KERNEL_ELF)

.PHONY: run-now run-smoke gdb test-qemu bench bench-smp
