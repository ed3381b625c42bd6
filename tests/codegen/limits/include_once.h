// Included by include_twice.idl; includes one more file.
#include "include_leaf.h"
