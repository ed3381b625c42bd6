# Each excerpt (a code block taken from a page) stands word for word in its file.
# -DEXCERPTS=a;b -DFILES=fa;fb
foreach(excerpt file IN ZIP_LISTS EXCERPTS FILES)
  file(READ "${excerpt}" code)
  file(READ "${file}" text)
  string(FIND "${text}" "${code}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the code block of ${excerpt} is not in ${file} as written: update the page or the file")
  endif()
endforeach()
