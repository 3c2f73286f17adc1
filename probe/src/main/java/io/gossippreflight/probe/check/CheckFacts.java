package io.gossippreflight.probe.check;

import io.gossippreflight.probe.classify.PathContext;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.socket.RouteInfo;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.wire.MessagingVersion;

/**
 * Everything a check of one target established, as values: the input of {@link Conclusions}.
 *
 * @param localMtu the largest packet we can send (our interface towards the target)
 * @param route our route to the target (a path MTU learned or configured on it)
 * @param atConnect TCP_INFO of our first connection right after its handshake
 * @param mainAccepted TCP_INFO of the target's first connection to our main port, or null
 * @param echoReport our responder's report in its first ECHO answer, or null
 * @param lastReport the latest report it sent, or null
 * @param schemaBytes the target's schema pull response as measured, 0 when not (our responder, no answer)
 * @param udp the DF UDP probe's result, or null when not run
 * @param outCost what our connections' frames and TLS add to a message (the first connection's)
 * @param outIcmp whether ICMP "too big" reaches us now, when our host held a path MTU before the check
 * @param inIcmp the same for the target's host (our responder), when it held one towards us
 */
record CheckFacts(PathContext ctx, PacketOverhead overhead, int localMtu, RouteInfo route, CheckOptions options,
                  TargetKind kind, MessagingVersion version, TcpSnapshot atConnect, TcpSnapshot mainAccepted,
                  ResponderReport echoReport, ResponderReport lastReport, boolean connectsBack,
                  ShadowPhase.Shadow shadow, int schemaBytes, DirectionResult outbound, DirectionResult inbound,
                  UdpProber.Result udp, io.gossippreflight.probe.net.WireCost outCost,
                  io.gossippreflight.probe.classify.IcmpNow outIcmp, io.gossippreflight.probe.classify.IcmpNow inIcmp) {
}
