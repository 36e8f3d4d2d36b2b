import { signIn } from '../connection';
import { h } from '../dom';

/**
 * What a page without a usable token shows instead of the cluster: a form for a bearer token (the kubeconfig's
 * `users[].user.token`, or `kubectl create token`). Nothing is requested from the API until one is given.
 */
export function signInForm(reason?: string): HTMLElement {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: 'bearer token', size: 48, required: true });
  const form = h(
    'form',
    {
      class: 'panel sign-in',
      onsubmit: (e: Event) => {
        e.preventDefault();
        signIn(input.value);
        location.reload();
      },
    },
    h('h1', null, 'Sign in'),
    reason ? h('p', { class: 'warning' }, reason) : null,
    h('p', null, 'This cluster authenticates every request. Open the signed-in address ', h('code', null, 'npm run dev'), ' prints, or paste a bearer token: the ', h('code', null, 'token'), ' of your kubeconfig user, or one from ', h('code', null, 'kubectl create token NAME'), '. It is kept in this tab only.'),
    h('p', null, input, ' ', h('button', { type: 'submit' }, 'Sign in')),
  );
  return form;
}
