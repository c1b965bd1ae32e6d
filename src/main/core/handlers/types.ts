import type { CommandArgs, CommandName, CommandOutput } from '../../../shared/contract';

/** A handler receives input already parsed by the contract's schema (defaults filled in). */
export type Handler<N extends CommandName> = (input: CommandArgs<N>) => Promise<CommandOutput<N>>;

export type HandlerTable = { [N in CommandName]: Handler<N> };

/** Each domain file provides the handlers of its commands. */
export type DomainHandlers<N extends CommandName> = { [K in N]: Handler<K> };
