" Vim syntax file for cma-map(5), the CMA region-map language of cmacc.
" Its keywords are the lexer's (grammar/lexer.l).  Installed with
" ftdetect/cma.vim, which gives *.cma files this syntax.

if exists("b:current_syntax")
  finish
endif

syn keyword cmaStatement region memory bank reserved const map
syn keyword cmaInclude include
syn keyword cmaField size start align allocator params base page_size
syn keyword cmaField reusable no_map alloc_range
syn keyword cmaFunction align_up
syn keyword cmaMapWord kind any
syn match cmaArrow "->"
syn match cmaNumber "\<\(0[xX]\x\(_\?\x\)*\|\d\(_\?\d\)*\)\(KiB\|MiB\|GiB\|TiB\|PiB\|EiB\|[KMGTPE]\)\?\>"
syn region cmaString start=+"+ skip=+\\.+ end=+"+ end=+$+
syn keyword cmaTodo contained TODO FIXME XXX
syn region cmaComment start="//" end="$" contains=cmaTodo
syn region cmaComment start="^\s*#" end="$" contains=cmaTodo
syn region cmaComment start="/\*" end="\*/" contains=cmaTodo

hi def link cmaStatement Statement
hi def link cmaInclude Include
hi def link cmaField Identifier
hi def link cmaFunction Function
hi def link cmaMapWord Keyword
hi def link cmaArrow Operator
hi def link cmaNumber Number
hi def link cmaString String
hi def link cmaTodo Todo
hi def link cmaComment Comment

let b:current_syntax = "cma"
