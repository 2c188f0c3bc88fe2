" cma-map(5) sources: the syntax in syntax/cma.vim.
autocmd BufRead,BufNewFile *.cma setfiletype cma
