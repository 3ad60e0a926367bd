// The findings of a check run as every report shows them: check, report and the shard commands
// share one way of applying suppressions, baselines and redaction.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "engine.hpp"
#include "report.hpp"
#include "suppress.hpp"

namespace soaplint {

// The findings of a check run as every report shows them, given one at a time and as often as
// needed (counting, baselines, the report): X001 for unreadable inputs first, then the rules'
// findings merged with X002 (unused or malformed suppressions) by position, each with its inline
// suppression and baselines applied, and redacted when asked.
class ReportedFindings {
public:
    ReportedFindings(CheckRun& run, const std::vector<InputError>& errors,
                     const std::function<bool(const std::string&)>& ran)
        : log_(*run.findings), inline_(std::move(run.directives)) {
        const Rule* x001 = find_rule("X001");
        if (check_enabled(x001, ran)) first_ = input_error_findings(errors);
        if (check_enabled(find_rule("X003"), ran)) {
            std::vector<Finding> empty = empty_input_findings(run.empty);
            first_.insert(first_.end(), empty.begin(), empty.end());
        }
        // Which directives silenced something is known only once every finding has been seen.
        log_.for_each([this](Finding& f) { inline_.apply(f); });
        if (check_enabled(find_rule("X002"), ran)) unused_ = inline_.problems(ran);
        std::stable_sort(unused_.begin(), unused_.end(),
                         [this](const Finding& a, const Finding& b) { return position_of(a) < position_of(b); });
    }

    std::optional<std::string> add_baseline(const std::string& path) {
        Baseline baseline;
        if (auto error = baseline.load(path)) return error;
        baselines_.push_back(std::move(baseline));
        return std::nullopt;
    }

    void visit(const std::function<void(const Finding&)>& visit) {
        std::vector<Baseline> baselines = baselines_;  // each pass starts from the recorded counts
        const auto show = [&](Finding& f) {
            inline_.apply(f);
            for (Baseline& b : baselines) b.apply(f);
            if (redact) redact_finding(f);
            visit(f);
        };
        for (Finding f : first_) show(f);
        std::size_t next_unused = 0;
        log_.for_each([&](Finding& f) {
            const Position4 here = position_of(f);
            while (next_unused < unused_.size() && position_of(unused_[next_unused]) < here) {
                Finding u = unused_[next_unused++];
                show(u);
            }
            show(f);
        });
        while (next_unused < unused_.size()) {
            Finding u = unused_[next_unused++];
            show(u);
        }
    }

    bool redact = false;

private:
    using Position4 = std::tuple<std::size_t, int, int, std::string>;
    static bool check_enabled(const Rule* rule, const std::function<bool(const std::string&)>& ran) {
        return rule != nullptr && ran(std::string(rule->info.id));
    }
    Position4 position_of(const Finding& f) const { return {log_.file_order(f.file), f.line, f.column, f.rule}; }

    const FindingLog& log_;
    InlineSuppressions inline_;
    std::vector<Finding> first_, unused_;
    std::vector<Baseline> baselines_;
};

}  // namespace soaplint
