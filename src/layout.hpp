// Tables as a person sees them on a printed note: a header row that names its columns, rows
// under it read column by column. Whitespace-aligned grids, pipe (Markdown) tables and grid
// tables (`+----+----+` borders, cells wrapped over several lines) are all read the same way.
// read -> decode -> split -> sections -> layout (this file) -> extract.
#pragma once

#include <string>
#include <vector>

#include "model.hpp"
#include "vocabulary.hpp"

namespace soaplint {

struct TableRow {
    int first = 0, last = 0;           // indexes into Note::lines: the row and its wrapped lines
    std::vector<std::string> cells;    // one per column, wrapped lines joined with a blank
    std::vector<int> cell_column;      // 1-based character column where each cell starts (0: empty)
    bool total = false;                // a `Total` row
};

struct Table {
    int header = 0;                    // index into Note::lines of the header row
    int last = 0;                      // index of the table's last line
    std::vector<std::string> headers;  // as written
    std::vector<ColumnRole> roles;
    std::vector<TableRow> rows;

    // The column of a role, or -1.
    int column(ColumnRole role) const;
};

// Page furniture inside a note: a print footer or a repeated patient header line.
bool page_furniture(const Line& line);

// The tables of a note, in line order.
std::vector<Table> find_tables(const Note& note);

}  // namespace soaplint
