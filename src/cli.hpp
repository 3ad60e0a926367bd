// The command line of SPEC §2: soaplint check | extract | rules | report.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace soaplint {

// Runs soaplint with `args` (without the program name); returns the exit status.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// `soaplint report` (src/cmd_report.cpp): the auditor's batch report, HTML, Markdown or CSV.
int run_report(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// `soaplint shard map|reduce|merge` (src/cmd_shard.cpp): check split into a map over shards of
// files and a reduce per patient, for Dask, Spark or Hadoop Streaming (JSON Lines on stdio).
int run_shard(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace soaplint
