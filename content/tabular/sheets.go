package tabular

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// Sheet is one sheet of a workbook WriteSheets writes: its name, its rows
// (every cell a text cell) and its direction.
type Sheet struct {
	Name string
	Rows [][]string
	RTL  bool
}

// WriteSheets writes a workbook of the given sheets, in order (Read reads
// only the first). Every cell is a text cell, never a formula.
func WriteSheets(w io.Writer, sheets []Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		name := f.GetSheetName(0)
		if i == 0 {
			if s.Name != "" && s.Name != name {
				if err := f.SetSheetName(name, s.Name); err != nil {
					return err
				}
				name = s.Name
			}
		} else {
			name = s.Name
			if _, err := f.NewSheet(name); err != nil {
				return err
			}
		}
		if err := writeSheet(f, name, s.Rows, s.RTL); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// writeSheet streams rows into the sheet name of f.
func writeSheet(f *excelize.File, name string, rows [][]string, rtl bool) error {
	if rtl {
		yes := true
		if err := f.SetSheetView(name, 0, &excelize.ViewOptions{RightToLeft: &yes}); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for r, row := range rows {
		cells := make([]any, len(row))
		for k, s := range row {
			cells[k] = excelize.Cell{Value: s}
		}
		cell, err := excelize.CoordinatesToCellName(1, r+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}
