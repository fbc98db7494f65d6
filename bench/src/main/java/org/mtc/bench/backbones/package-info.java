/**
 * {@code mtc bench backbones}: the same multitask experiment on several backbones, ranked in a
 * leaderboard ({@link org.mtc.bench.backbones.BackbonesBench}, {@link
 * org.mtc.bench.backbones.BackboneRow}, {@link org.mtc.bench.backbones.BackbonesReport}).
 */
package org.mtc.bench.backbones;
