/** Bump when a message changes shape; the server refuses other versions at connect. */
/** 2: pushed content and board items reference materials by id, never by address. */
/** 3: dynacast (`producerLayersWanted`, `enlarged` on setConsumerPreferredLayers). */
/** 4: TURN relay (`iceServers` in the joinSession answer) and `restartIce`. */
/** 5: the readiness check's probe requests (`startCheck`…`closeProbe`, capability `probe`). */
/** 6: `receive` on joinSession: the recv transport and its consumers within the join. */
/** 7: weak-line audio-only (`linkStateChanged`, `cameraSuspended`, `sendAvailableKbps`). */
/** 8: `receiveDtls` on joinSession: the recv transport connected within the join. */
export const PROTOCOL_VERSION = 8;
