/* The vtable slots deep_chain.idl must give, written out by hand in MIDL's order: IUnknown's
 * three, then each base's own methods in declaration order, then the interface's own;
 * properties named get_X/put_X; [call_as(Fill)] RemoteFill without a slot. Shared by the C
 * and the C++ side of the slot test, so both are held to the same table.
 * X(interface, member, slot) is applied to every slot of an interface, in slot order;
 * Y(interface, SLOTS, slot count) to every interface of the file. C99 and C++. */
#ifndef UCOM_TEST_DEEP_CHAIN_SLOTS_H
#define UCOM_TEST_DEEP_CHAIN_SLOTS_H

#define DEEP_UNKNOWN_SLOTS(X, I) X(I, QueryInterface, 0) X(I, AddRef, 1) X(I, Release, 2)
#define DEEP_SINK_SLOTS(X, I) DEEP_UNKNOWN_SLOTS(X, I) X(I, Notify, 3)
#define DEEP0_SLOTS(X, I) DEEP_UNKNOWN_SLOTS(X, I) X(I, Ping, 3) X(I, Scale, 4)
#define DEEP1_SLOTS(X, I) DEEP0_SLOTS(X, I) X(I, SetFlag, 5) X(I, get_Count, 6) X(I, put_Count, 7)
#define DEEP2_SLOTS(X, I) DEEP1_SLOTS(X, I) X(I, Move, 8) X(I, Fill, 9) X(I, Mix, 10)
#define DEEP3_SLOTS(X, I) DEEP2_SLOTS(X, I) X(I, Attach, 11) X(I, Name, 12)
#define DEEP4_SLOTS(X, I) DEEP3_SLOTS(X, I) X(I, Nest, 13) X(I, Convert, 14) X(I, get_Title, 15) X(I, put_Title, 16)
#define DEEP5_SLOTS(X, I) DEEP4_SLOTS(X, I) X(I, Widen, 17) X(I, Reset, 18) X(I, Lookup, 19)

#define DEEP_INTERFACES(Y)                                                                                             \
    Y(IDeepSink, DEEP_SINK_SLOTS, 4)                                                                                   \
    Y(IDeep0, DEEP0_SLOTS, 5)                                                                                          \
    Y(IDeep1, DEEP1_SLOTS, 8)                                                                                          \
    Y(IDeep2, DEEP2_SLOTS, 11)                                                                                         \
    Y(IDeep3, DEEP3_SLOTS, 13)                                                                                         \
    Y(IDeep4, DEEP4_SLOTS, 17)                                                                                         \
    Y(IDeep5, DEEP5_SLOTS, 20)

/* Every slot of every interface, in the order of DEEP_INTERFACES: 78 in all. */
#define DEEP_SLOT_TOTAL (4 + 5 + 8 + 11 + 13 + 17 + 20)

#endif /* UCOM_TEST_DEEP_CHAIN_SLOTS_H */
