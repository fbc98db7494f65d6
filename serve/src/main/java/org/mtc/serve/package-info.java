/**
 * {@code mtc serve}: a trained model as an HTTP annotator compatible with DeepPavlov DREAM's
 * combined_classification service, with dynamic batching of concurrent requests ({@link
 * org.mtc.serve.DynamicBatcher}), limits that answer 4xx/503 instead of failing, Prometheus metrics
 * and a draining shutdown. See docs/serve.md.
 */
package org.mtc.serve;
