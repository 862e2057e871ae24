// The webhook form over the real engine: name checks before the engine is asked, a secret set,
// kept, changed or removed, and what the engine then holds (it never shows a secret back, so each
// secret is proven by a signed request through the real receiver).
import { createHmac } from 'node:crypto';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebhookView } from '../../src-shared/api';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { WebhookForm } from '../../src-renderer/src/webhooks/WebhookForm';
import { clientPerTest, send } from './engine-http';

const engine = clientPerTest();
const NAME = 'dom-form-hook';

afterEach(async () => {
  await engine.client.api.call('webhooks.delete', { name: NAME }).catch(() => undefined);
});

const hook = async (): Promise<WebhookView | undefined> => (await engine.client.api.call('webhooks.list', undefined)).find((w) => w.name === NAME);

/** The status the receiver answers a request signed with `secret` (rejectInvalid is on). */
function signedWith(secret: string): Promise<number> {
  const body = { type: 'track', event: 'Signed', userId: 'dom-signer', messageId: `dom-sig-${secret}-${Math.random()}` };
  const signature = createHmac('sha1', secret).update(JSON.stringify(body)).digest('hex');
  return send('POST', `/webhook/${NAME}`, body, { 'x-signature': signature });
}

function renderForm(existing: WebhookView | null, takenNames: string[] = []) {
  const onDone = vi.fn();
  const { unmount } = render(
    <AppProvider api={engine.client.api} store={createAppStore(engine.client.api)}>
      <WebhookForm existing={existing} takenNames={takenNames} onDone={onDone} />
    </AppProvider>,
  );
  return Object.assign(onDone, { unmount });
}

const submit = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe('Webhook form', () => {
  it('checks the name before the engine is asked: empty, characters outside the URL-safe set, taken', async () => {
    const onDone = renderForm(null, ['taken-hook']);
    const name = screen.getByPlaceholderText('product-fruits');
    submit('Add webhook');
    expect(screen.getByRole('alert').textContent).toBe('Name is required.');
    fireEvent.change(name, { target: { value: 'has space' } });
    submit('Add webhook');
    expect(screen.getByRole('alert').textContent).toBe('Use only letters, digits, "-" and "_" (the name is part of the URL).');
    fireEvent.change(name, { target: { value: 'taken-hook' } });
    submit('Add webhook');
    expect(screen.getByRole('alert').textContent).toBe('A webhook named "taken-hook" already exists.');
    expect(onDone).not.toHaveBeenCalled();
    expect((await engine.client.api.call('webhooks.list', undefined)).map((w) => w.name)).not.toContain('has space');
  });

  it('adds a webhook with a secret, then keeps, changes and removes it; the receiver checks each', async () => {
    let onDone = renderForm(null);
    fireEvent.change(screen.getByPlaceholderText('product-fruits'), { target: { value: `  ${NAME} ` } });
    // Strict without a secret checks nothing: the form says so until a secret is typed.
    fireEvent.click(screen.getByRole('checkbox'));
    expect(screen.getByRole('note').textContent).toMatch(/Without a secret there is no signature to check/);
    fireEvent.change(screen.getByLabelText('Secret'), { target: { value: 'first-secret' } });
    expect(screen.queryByRole('note')).toBeNull();
    submit('Add webhook');
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(await hook()).toMatchObject({ name: NAME, hasSecret: true, rejectInvalid: true });
    expect(await signedWith('first-secret')).toBe(200);
    expect(await signedWith('wrong')).toBe(401);

    // Editing: the name is fixed; "Keep current" is the default and keeps the secret.
    onDone.unmount();
    onDone = renderForm((await hook())!);
    expect((screen.getByPlaceholderText('product-fruits') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('radio', { name: 'Keep current' }) as HTMLInputElement).checked).toBe(true);
    submit('Save');
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(await signedWith('first-secret')).toBe(200);

    // "Change" with nothing typed is refused in the form; with a new one, the old stops working.
    fireEvent.click(screen.getByRole('radio', { name: 'Change' }));
    submit('Save');
    expect(screen.getByRole('alert').textContent).toBe('Enter the new secret, or choose "Keep current".');
    fireEvent.change(screen.getByLabelText('Secret', { selector: 'input[type=password]' }), { target: { value: 'second-secret' } });
    submit('Save');
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(2));
    expect(await signedWith('second-secret')).toBe(200);
    expect(await signedWith('first-secret')).toBe(401);

    fireEvent.click(screen.getByRole('radio', { name: 'Remove' }));
    submit('Save');
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(3));
    expect(await hook()).toMatchObject({ hasSecret: false });
  });
});

describe('Webhook form: a secret with a space at its start or end', () => {
  it('says so under the field (which hides what is typed), and says nothing for one without', () => {
    renderForm(null);
    const secret = screen.getByLabelText('Secret');
    fireEvent.change(secret, { target: { value: ' s3cret' } });
    expect(screen.getByRole('note').textContent).toBe(
      'The secret starts with a space. Segment signs with the secret exactly as set there: remove it unless it is part of the secret.',
    );
    fireEvent.change(secret, { target: { value: 's3cret ' } });
    expect(screen.getByRole('note').textContent).toMatch(/^The secret ends in a space\./);
    fireEvent.change(secret, { target: { value: 's3 cret' } });
    expect(screen.queryByRole('note')).toBeNull();
  });
});
