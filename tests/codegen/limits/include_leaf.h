// The end of include_twice.idl's chain.
const long LEAF = 1;
