// Included by chain_outer.h: its member type is not MIDL.
typedef struct sample {
    long long ticks;
} sample;
