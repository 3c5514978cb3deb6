/** A view's link to the extension host for as long as the view is in the page (a Lit reactive controller). */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectHost, type Host } from './host';

/**
 * On connect: listens for host messages and posts the view's `ready` message (the host answers it with the view's
 * data). On disconnect: stops listening. Between the two, posts and persists state for the view.
 */
export class HostConnection<ToHost, FromHost, State> implements ReactiveController {
  private link: Host<ToHost, FromHost, State> | undefined;
  private unlisten: (() => void) | undefined;

  constructor(
    view: ReactiveControllerHost,
    private readonly receive: (message: FromHost) => void,
    private readonly ready: ToHost,
  ) {
    view.addController(this);
  }

  hostConnected(): void {
    this.link = connectHost<ToHost, FromHost, State>();
    this.unlisten = this.link.onMessage((m) => this.receive(m));
    this.link.post(this.ready);
  }

  hostDisconnected(): void {
    this.unlisten?.();
    this.unlisten = undefined;
  }

  post(message: ToHost): void {
    this.link?.post(message);
  }

  getState(): State | undefined {
    return this.link?.getState();
  }

  setState(state: State): void {
    this.link?.setState(state);
  }
}
