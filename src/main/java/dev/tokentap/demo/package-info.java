/**
 * Demo mode: a simulated llama-server ({@link dev.tokentap.demo.DemoServer}) that answers in the
 * shapes of the recorded fixtures at realistic speeds, and a traffic generator ({@link
 * dev.tokentap.demo.DemoTraffic}) that sends it a human-paced mix of requests through TokenTap. The
 * answers' JSON is written by the endpoint families ({@link dev.tokentap.endpoint.EndpointFamily});
 * uses no other TokenTap package and no JavaFX.
 */
package dev.tokentap.demo;
