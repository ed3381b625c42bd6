// Included by pp_include_chain.idl; includes the file with the error.
#include "chain_inner.h"
