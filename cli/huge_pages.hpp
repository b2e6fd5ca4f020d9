// Transparent huge pages for the heap of a large run.
//
// A province run touches a gigabyte of heap once, and in 4 KiB pages this VM spends about 2 s of
// CPU faulting it in and more in TLB misses. glibc (2.35 and later) backs its heap with
// transparent huge pages when its tunable glibc.malloc.hugetlb is 1, which only the environment
// at start-up can set: so a large run starts itself again once with it set. Starting again costs
// about 0.12 s here (the dynamic loading of GDAL and its libraries), so small runs do not.
#pragma once

#include "infracov/analysis/project.hpp"

namespace infracov::cli {

// Keeps the command line for a restart; main() calls it first.
void remember_command_line(char** argv);

// When the project's input files add up to kHugePageInputBytes or more and the user has not set
// the tunable (glibc.malloc.hugetlb=0 turns this off), replaces the process with the same command
// with the tunable set. Returns when nothing is to be done or the restart fails (the run then goes
// on as it is). Call before any output is created.
void use_huge_pages_for(const analysis::Project& project);

}  // namespace infracov::cli
