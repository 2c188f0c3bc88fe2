# The runtime's files, the one list: Makefile.am (libcma), kernel/Kbuild
# (cma.ko) and examples/board-build/Kbuild include it, so a file added
# here is built everywhere.  Kbuild takes the .c files as objects.
CMA_RUNTIME_SOURCES = \
	runtime/cma_env.h \
	runtime/cmdline.h runtime/cmdline.c \
	runtime/table.h runtime/table.c \
	runtime/block.h \
	runtime/allocator.h runtime/allocators.def runtime/allocator.c \
	runtime/alloc_bf.c runtime/alloc_buddy.c \
	runtime/match.h \
	runtime/names.h runtime/names.c \
	runtime/place.h runtime/place.c \
	runtime/refusals.h \
	runtime/ctx.c
