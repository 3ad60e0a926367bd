#include "layout.hpp"

#include <algorithm>

#include "decode.hpp"
#include "structure.hpp"
#include "text.hpp"

namespace soaplint {

int Table::column(ColumnRole role) const {
    const auto it = std::find(roles.begin(), roles.end(), role);
    return it == roles.end() ? -1 : static_cast<int>(it - roles.begin());
}

namespace {

struct Cell {
    std::string text;
    int begin = 0, end = 0;  // where the cell lines up with its header, [begin, end)
    int page = 0;            // the 1-based character column on the page, for findings
};

int page_column(const Line& line, std::size_t byte) { return line.column + utf8_columns(line.text, byte); }

// `| 97110 | Ther ex | 23 |`, and `97110 | Ther ex | 23` without the outer bars.
bool is_pipe_row(std::string_view text) {
    if (!text.empty() && text.front() == '|') return true;
    return std::count(text.begin(), text.end(), '|') >= 2;
}

// `+------+-----+`, `|------|:---:|`, `+======+`: the borders of grid and pipe tables.
bool is_border(std::string_view text) {
    if (text.size() < 3) return false;
    // `-----------+-------+-----`: the rule under a header whose cells are separated by bars.
    const bool crossed = (text.front() == '-' || text.front() == '=') && text.find_first_of("+|") != std::string_view::npos;
    if (text.front() != '+' && text.front() != '|' && !crossed) return false;
    int dashes = 0;
    for (char c : text) {
        if (c == '-' || c == '=') ++dashes;
        else if (c != '+' && c != '|' && c != ':' && c != ' ') return false;
    }
    return dashes >= 3;
}

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Cells of a pipe row: the text between bars, lined up with the header by their place in the
// row (Markdown tables need not align their bars).
std::vector<Cell> pipe_cells(const Line& line) {
    std::vector<Cell> cells;
    const std::string_view text = line.text;
    const auto place = [&cells] { return static_cast<int>(cells.size()) * 1000 + 1; };
    std::size_t bar = text.find('|');
    if (bar != 0 && bar != std::string_view::npos)  // no outer bar: the first cell starts the line
        cells.push_back({std::string(trim_blanks(text.substr(0, bar))), place(), place() + 999, page_column(line, 0)});
    while (bar != std::string_view::npos) {
        if (bar + 1 >= text.size()) break;
        std::size_t next = text.find('|', bar + 1);
        if (next == std::string_view::npos) {
            if (text.front() == '|' || trim_blanks(text.substr(bar + 1)).empty()) break;
            next = text.size();  // the last cell runs to the end of the line
        }
        const std::string_view inside = text.substr(bar + 1, next - bar - 1);
        cells.push_back({std::string(trim_blanks(inside)), place(), place() + 999, page_column(line, bar + 1)});
        bar = next;
    }
    return cells;
}

// Cells of an aligned row: text runs separated by two or more blanks or a tab.
std::vector<Cell> aligned_cells(const Line& line) {
    std::vector<Cell> cells;
    const std::string_view text = line.text;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i >= text.size()) break;
        std::size_t j = i;
        while (j < text.size()) {
            if (text[j] == '\t') break;
            if (text[j] == ' ' && j + 1 < text.size() && (text[j + 1] == ' ' || text[j + 1] == '\t')) break;
            ++j;
        }
        cells.push_back({std::string(text.substr(i, j - i)), page_column(line, i), page_column(line, j), page_column(line, i)});
        i = j;
    }
    return cells;
}

// A tab-separated export (`97116<TAB>GP<TAB>Gait training<TAB><TAB>1`): cells line up by their
// place in the row, empty ones included, not by where a tab stop puts them.
bool is_tab_row(std::string_view text) { return std::count(text.begin(), text.end(), '\t') >= 2; }

std::vector<Cell> tab_cells(const Line& line) {
    std::vector<Cell> cells;
    const std::string_view text = line.text;
    std::size_t start = 0;
    for (int index = 0;; ++index) {
        const std::size_t tab = text.find('\t', start);
        const std::size_t end = tab == std::string_view::npos ? text.size() : tab;
        cells.push_back({std::string(trim_blanks(text.substr(start, end - start))), index * 1000 + 1, index * 1000 + 1000,
                         page_column(line, start)});
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    return cells;
}

std::vector<Cell> cells_of(const Line& line) {
    if (is_pipe_row(line.text)) return pipe_cells(line);
    return is_tab_row(line.text) ? tab_cells(line) : aligned_cells(line);
}

// A header row: two or more short cells, at least two of them (and half) naming a known column.
bool header_row(const std::vector<Cell>& cells, std::vector<ColumnRole>& roles) {
    if (cells.size() < 2) return false;
    roles.clear();
    int known = 0;
    for (const Cell& cell : cells) {
        if (cell.text.size() > 32) return false;
        roles.push_back(column_meaning(cell.text));
        if (roles.back() != ColumnRole::none) ++known;
    }
    return known >= 2 && known * 2 >= static_cast<int>(cells.size());
}

// The header column a row cell sits under. Words go by where they start: the column whose span
// (from its header to the next header) holds the cell's first character, so a long description
// that runs under the next headers stays a description. Numbers, often right-aligned, go to the
// header they overlap most, else the nearest header span.
int column_under(const std::vector<Cell>& header, const Cell& cell) {
    const bool number = !cell.text.empty() && cell.text.size() <= 8 &&
                        (ascii_digit(cell.text.front()) || cell.text.front() == '-' ||
                         cell.text.front() == '$');
    if (!number) {
        int column = 0;
        for (std::size_t k = 0; k < header.size(); ++k)
            if (header[k].begin <= cell.begin + 1) column = static_cast<int>(k);
        return column;
    }
    int best = -1, best_overlap = 0;
    for (std::size_t k = 0; k < header.size(); ++k) {
        const int overlap = std::min(cell.end, header[k].end) - std::max(cell.begin, header[k].begin);
        if (overlap > best_overlap) {
            best_overlap = overlap;
            best = static_cast<int>(k);
        }
    }
    if (best >= 0) return best;
    int nearest = 0, distance = 1 << 30;
    for (std::size_t k = 0; k < header.size(); ++k) {
        const int gap = std::max(cell.begin, header[k].begin) - std::min(cell.end, header[k].end);
        if (gap < distance) {
            distance = gap;
            nearest = static_cast<int>(k);
        }
    }
    return nearest;
}

bool is_total_cell(std::string_view text) {
    const std::string lower = ascii_lower(trim_blanks(text));
    return lower.rfind("total", 0) == 0;  // `Total`, `Totals:`, `Total timed minutes: 38`
}

void add_cells(TableRow& row, const std::vector<Cell>& header, const std::vector<Cell>& cells) {
    for (const Cell& cell : cells) {
        if (cell.text.empty()) continue;
        const int k = column_under(header, cell);
        std::string& into = row.cells[static_cast<std::size_t>(k)];
        if (!into.empty()) into.push_back(' ');
        into += cell.text;
        if (row.cell_column[static_cast<std::size_t>(k)] == 0) row.cell_column[static_cast<std::size_t>(k)] = cell.page;
        if (is_total_cell(cell.text)) row.total = true;
    }
}

// `Timed minutes: 15   Timed units: 1`, `Total treatment time: 50 min` under a grid: the totals
// the note states, not a row of it.
bool states_totals(std::string_view text) {
    const std::string lower = ascii_lower(text);
    if (lower.find_first_of("0123456789") == std::string::npos || lower.find(':') == std::string::npos) return false;
    for (std::string_view label : {"total", "timed minutes", "timed units", "timed code", "treatment time", "session minutes"})
        if (lower.find(label) != std::string::npos) return true;
    return false;
}

// A wrapped line of the row above: nothing starts left of the second column.
bool first_column_empty(const std::vector<Cell>& header, const std::vector<Cell>& cells) {
    const int second = header.size() > 1 ? header[1].begin : header[0].end;
    for (const Cell& cell : cells)
        if (!cell.text.empty() && (cell.begin < second - 1 || column_under(header, cell) == 0)) return false;
    return true;
}


// Reads the rows under the header at `h`; returns the table (rows may be empty).
Table read_table(const Note& note, std::size_t h, const std::vector<Cell>& header, std::vector<ColumnRole> roles) {
    Table table;
    table.header = static_cast<int>(h);
    table.last = static_cast<int>(h);
    table.roles = std::move(roles);
    for (const Cell& cell : header) table.headers.push_back(cell.text);
    const bool piped = is_pipe_row(note.lines[h].text);
    bool grid = false, new_row_after_border = false;
    int first_begin = 1 << 30;  // where the current row's first cell starts
    for (std::size_t j = h + 1; j < note.lines.size(); ++j) {
        const Line& line = note.lines[j];
        const Line& previous = note.lines[j - 1];
        // A blank line (or a heading) ends a table; the rule under its header row does not.
        const int gap = line.number - previous.number;
        if (gap > 2 || (gap == 2 && j != h + 1) || line.section != note.lines[h].section) break;
        if (page_furniture(line)) break;
        if (is_border(line.text)) {
            grid = grid || line.text.front() == '+' || j > h + 1;
            new_row_after_border = true;
            table.last = static_cast<int>(j);
            continue;
        }
        if (piped != is_pipe_row(line.text)) break;
        const std::vector<Cell> cells = cells_of(line);
        if (cells.empty() || states_totals(line.text)) break;
        // A wrapped line: nothing under the first column, or (a list in the first column) indented
        // past where the row above starts and not itself a numbered item.
        // A second header row (`Strength (MMT)    Right    Left`) starts the next table.
        std::vector<ColumnRole> next_roles;
        if (!table.rows.empty() && header_row(cells, next_roles) &&
            std::any_of(next_roles.begin(), next_roles.end(), [](ColumnRole r) {
                return r != ColumnRole::none && r != ColumnRole::date && r != ColumnRole::measure;
            }))
            break;
        const bool goal_table = std::find(table.roles.begin(), table.roles.end(), ColumnRole::goal) != table.roles.end();
        const bool indented = goal_table && !table.rows.empty() && !cells.empty() && !piped && cells.front().begin > first_begin + 1 &&
                              !ascii_digit(cells.front().text.front()) &&
                              cells.front().text.front() != '-' && cells.front().text.front() != '*';
        const bool continuation = !table.rows.empty() &&
                                  !(grid && new_row_after_border) && (first_column_empty(header, cells) || indented) &&
                                  !std::any_of(cells.begin(), cells.end(), [](const Cell& c) { return is_total_cell(c.text); });
        if (!continuation && !cells.empty()) first_begin = cells.front().begin;
        if (!continuation && !piped && cells.size() < 2) break;  // prose after the table
        if (continuation) {
            TableRow& row = table.rows.back();
            add_cells(row, header, cells);
            row.last = static_cast<int>(j);
        } else {
            TableRow row;
            row.first = row.last = static_cast<int>(j);
            row.cells.assign(header.size(), std::string());
            row.cell_column.assign(header.size(), 0);
            add_cells(row, header, cells);
            table.rows.push_back(std::move(row));
        }
        new_row_after_border = false;
        table.last = static_cast<int>(j);
    }
    return table;
}

// A billing code: `97110`, `G0283`, `97140-59`.
bool code_like(std::string_view cell) {
    cell = trim_blanks(cell);
    if (cell.size() < 5) return false;
    const bool letter = ascii_alpha(cell[0]) != 0;
    for (std::size_t i = letter ? 1 : 0; i < 5; ++i)
        if (!ascii_digit(cell[i])) return false;
    return cell.size() == 5 || cell[5] == '-' || cell[5] == ' ';
}

// `Procedure | Mod | Description`, `Service | Description | Minutes`: a column whose header reads
// as a description but whose cells are billing codes is the code column.
void codes_by_content(Table& table) {
    if (table.column(ColumnRole::code) >= 0) return;
    for (std::size_t k = 0; k < table.roles.size(); ++k) {
        if (table.roles[k] != ColumnRole::description && table.roles[k] != ColumnRole::none) continue;
        int codes = 0, filled = 0;
        for (const TableRow& row : table.rows) {
            if (row.total || row.cells[k].empty()) continue;
            ++filled;
            if (code_like(row.cells[k])) ++codes;
        }
        if (codes > 0 && codes * 2 >= filled) {
            table.roles[k] = ColumnRole::code;
            return;
        }
    }
}

}  // namespace

bool page_furniture(const Line& line) { return line.header || is_page_footer(line.text); }

std::vector<Table> find_tables(const Note& note) {
    std::vector<Table> tables;
    std::vector<ColumnRole> roles;
    for (std::size_t i = 0; i < note.lines.size(); ++i) {
        const Line& line = note.lines[i];
        if (is_border(line.text)) continue;
        // A header row has two cells at least: a line with no bar, tab or wide gap has one.
        const std::string_view text = line.text;
        if (text.find('|') == std::string_view::npos && text.find('\t') == std::string_view::npos &&
            text.find("  ") == std::string_view::npos)
            continue;
        std::vector<Cell> cells = cells_of(line);
        if (cells.size() < 2) continue;
        // A cell past 32 bytes names no column: only a heading in the first cell may be that long.
        if (std::any_of(cells.begin() + 1, cells.end(), [](const Cell& c) { return c.text.size() > 32; })) continue;
        // ` CHARGES       Date        CPT     Mod   Units`: a heading printed in the header row's
        // first cell labels the table; it is no column.
        const ColumnRole first_role = cells.empty() ? ColumnRole::none : column_meaning(cells.front().text);
        const auto known = std::count_if(cells.begin() + (cells.empty() ? 0 : 1), cells.end(),
                                         [](const Cell& c) { return column_meaning(c.text) != ColumnRole::none; });
        if (cells.size() > 2 && (first_role == ColumnRole::none || first_role == ColumnRole::charge) &&
            heading_meaning(heading_key(cells.front().text)) != nullptr && known >= 2)
            cells.erase(cells.begin());
        if (!header_row(cells, roles)) continue;
        // `                Right    Left`: the row labels' column has no header of its own.
        const bool measures = std::any_of(roles.begin(), roles.end(), [](ColumnRole r) {
            return r == ColumnRole::right || r == ColumnRole::left || r == ColumnRole::current || r == ColumnRole::date;
        });
        if (cells.front().begin > 12 && measures && std::find(roles.begin(), roles.end(), ColumnRole::code) == roles.end() &&
            roles.front() != ColumnRole::measure && roles.front() != ColumnRole::goal) {
            cells.insert(cells.begin(), Cell{"", 1, cells.front().begin - 2});
            roles.insert(roles.begin(), ColumnRole::measure);
        }
        Table table = read_table(note, i, cells, roles);
        if (table.rows.empty()) continue;
        codes_by_content(table);
        i = static_cast<std::size_t>(table.last);
        tables.push_back(std::move(table));
    }
    return tables;
}

}  // namespace soaplint
