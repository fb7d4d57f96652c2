import type { ReactNode } from 'react';

/** A titled section; `headingLevel` keeps the document outline right wherever it is placed. */
export function Panel({ title, id, actions, children, className, headingLevel = 2 }: {
  title: ReactNode;
  id?: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  headingLevel?: 2 | 3;
}) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={headingId}>
      <div className="panel-head">
        <H id={headingId} className="panel-title">{title}</H>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </div>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function ErrorNote({ children }: { children: ReactNode }) {
  return <p className="error-note" role="alert">{children}</p>;
}

/** A long Kubernetes name: shown whole when there is room, ellipsised with a tooltip when not. */
export function Name({ children, className }: { children: string; className?: string }) {
  return <span className={`name ${className ?? ''}`} title={children}>{children}</span>;
}

export function KeyValue({ items }: { items: [ReactNode, ReactNode][] }) {
  return (
    <dl className="kv">
      {items.map(([k, v], i) => (
        <div className="kv-row" key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
