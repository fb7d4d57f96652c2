export function ComingPanel({ title, text }: { title: string; text: string }) {
  return (
    <div className="view coming">
      <div className="view-head"><h1>{title}</h1></div>
      <div className="panel coming-panel" data-testid="coming-panel"><p>{text}</p></div>
    </div>
  );
}
