/** Pure rules of the node agent: how settings are named in the environment, and what its health says. */
package dev.kreboot.agent.domain;
