#!/bin/sh
# Writes the example traces of the phone board (cma-trace(5)) into the
# current folder: what its drivers ask for in three sessions.  Made by
# rule, not recorded, so that each is easy to read and to change; the
# same script always writes the same bytes.
#
#   camera.trace  a camera session: a ring of preview frames from FIMC0,
#                 the ISP's statistics, then three 1080p captures, each
#                 with a JPEG buffer from FIMC1 that must be 1M aligned.
#   video.trace   a 1080p decode: the MFC's firmware, two bitstream
#                 buffers on port a, a decoded picture buffer of
#                 reference frames on port b, resized when the stream
#                 goes from 720p to 1080p, and the display's frames.
#   mixed.trace   both at once, with the GPU and a DSP asking for buffers
#                 of many sizes from the common pool (a fixed-seed
#                 generator chooses them).
#
# Usage: examples/traces/generate.sh [DIR]
set -e
cd "${1:-$(dirname "$0")}"

# Frame sizes in NV12: 12 bits a pixel, lines of 16-pixel macroblocks.
awk 'function frame(w, h) { return w * (int((h + 15) / 16) * 16) * 3 / 2 }
BEGIN {
	print "# A camera session on the phone board (generate.sh writes this)."
	print "# time event id device kind size [alignment]"
	t = 0
	for (i = 0; i < 4; i++)
		printf "%.3f alloc prev%d s5p-fimc.0 preview %d\n", t += 0.001, i, frame(1280, 720)
	for (i = 0; i < 2; i++)
		printf "%.3f alloc stat%d exynos-fimc-is stats 256K\n", t += 0.001, i
	for (shot = 0; shot < 3; shot++) {
		t += 2
		printf "%.3f alloc raw%d s5p-fimc.0 capture %d 1M\n", t, shot, frame(1920, 1080)
		printf "%.3f alloc jpeg%d s5p-fimc.1 jpeg 2M 1M\n", t += 0.030, shot
		printf "%.3f put raw%d\n", t += 0.050, shot
		# the gallery keeps the last picture until the next one is taken
		if (shot)
			printf "%.3f put jpeg%d\n", t += 0.001, shot - 1
	}
	printf "%.3f put jpeg2\n", t += 1
	for (i = 0; i < 2; i++)
		printf "%.3f put stat%d\n", t += 0.001, i
	for (i = 0; i < 4; i++)
		printf "%.3f put prev%d\n", t += 0.001, i
}' >camera.trace

awk 'function frame(w, h) { return w * (int((h + 15) / 16) * 16) * 3 / 2 }
BEGIN {
	print "# A 1080p decode on the phone board (generate.sh writes this)."
	t = 0
	printf "%.3f alloc fw s5p-mfc - 1M\n", t
	for (i = 0; i < 2; i++)
		printf "%.3f alloc bs%d s5p-mfc a 2M 128K\n", t += 0.001, i
	for (i = 0; i < 3; i++)
		printf "%.3f alloc fb%d s3c-fb - 1500K\n", t += 0.001, i
	# 720p first: six reference frames
	for (i = 0; i < 6; i++)
		printf "%.3f alloc ref%d s5p-mfc b %d 128K\n", t += 0.001, i, frame(1280, 720)
	t += 5
	# the stream changes to 1080p: the codec frees its frames, then asks
	# for larger ones, four more for the deeper reference list
	for (i = 0; i < 6; i++)
		printf "%.3f put ref%d\n", t += 0.001, i
	for (i = 0; i < 10; i++)
		printf "%.3f alloc big%d s5p-mfc b %d 128K\n", t += 0.001, i, frame(1920, 1080)
	t += 10
	for (i = 0; i < 10; i++)
		printf "%.3f put big%d\n", t += 0.001, i
	for (i = 0; i < 3; i++)
		printf "%.3f put fb%d\n", t += 0.001, i
	for (i = 0; i < 2; i++)
		printf "%.3f put bs%d\n", t += 0.001, i
	printf "%.3f put fw\n", t += 0.001
}' >video.trace

# Both, interleaved by time, with the GPU and the DSP besides.
awk 'function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
BEGIN {
	seed = 2010
	for (i = 0; i < 300; i++) {
		t = i * 0.1
		if (live && rnd() < 0.45) {
			k = int(rnd() * live)
			printf "%.3f put gpu%d\n", t + 0.05, id[k]
			id[k] = id[--live]
			continue
		}
		size = (1 + int(rnd() * 64)) * 16384
		dev = rnd() < 0.7 ? "mali" : "dsp"
		printf "%.3f alloc gpu%d %s %s %d\n", t + 0.05, n, dev,
			dev == "mali" ? "texture" : "-", size
		id[live++] = n++
	}
	while (live)
		printf "%.3f put gpu%d\n", 30.05 + live * 0.001, id[--live]
}' >gpu.events
{
	echo "# The camera, the decoder, the GPU and a DSP at once, on the phone"
	echo "# board (generate.sh writes this)."
	# Interleave the three by time; the sort is stable and numeric.
	{
		grep -v '^#' camera.trace
		grep -v "^#" video.trace
		cat gpu.events
	} | sort -s -n -k1,1
} >mixed.trace
rm -f gpu.events
