module github.com/gmp-workbench/gmp-workbench/resources/go

go 1.22
